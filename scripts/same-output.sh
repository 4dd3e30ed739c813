#!/usr/bin/env bash
# Do two quire binaries give the same outputs? Converts every post (*.md, *.markdown,
# found recursively; files may be given too) with OLD and NEW to every format (html page,
# html fragment, xhtml if either CLI has it, epub, pdf, txt, json) and, for each folder
# given, bundles it to .epub and .pdf; SOURCE_DATE_EPOCH=1700000000 for both. Each run's
# stderr (the warnings) is compared too, as the "stderr" format, after replacing the
# run-specific paths (output folders, binaries, .quire-*.tmp files) with placeholders.
# EPUBs are compared entry by entry (unzipped: zip metadata may differ); PDFs byte by byte.
#
# Usage: scripts/same-output.sh [--keep DIR] [--diff] [--jobs 1|2] [--formats LIST]
#                               OLD_BIN NEW_BIN PATH...
#   --keep DIR      keep the outputs in DIR (DIR/old, DIR/new, DIR/index.tsv)
#   --diff          print a unified diff (first 40 lines) per differing text output
#   --jobs N        parallel runs, 1 or 2 (default 2)
#   --formats LIST  comma-separated subset of html,fragment,xhtml,epub,pdf,txt,json,bundle-epub,bundle-pdf
# Prints a table (format x same/different/failed-old/failed-new/failed-both) and the
# differing outputs. failed-both (both exit non-zero with the same code and stderr) is not
# a difference. Exit: 0 all same, 1 some differ, 2 usage error.
# Example: scripts/same-output.sh /tmp/quire-old target/release/quire samples tests/inputs
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }
KEEP="" DIFF=0 JOBS=2 FORMATS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) [ $# -ge 2 ] || usage; KEEP=$2; shift 2 ;;
    --keep=*) KEEP=${1#--keep=}; shift ;;
    --diff) DIFF=1; shift ;;
    --jobs) [ $# -ge 2 ] || usage; JOBS=$2; shift 2 ;;
    --formats) [ $# -ge 2 ] || usage; FORMATS=$2; shift 2 ;;
    -h|--help) usage ;;
    --) shift; break ;;
    -*) echo "same-output.sh: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done
[ $# -ge 3 ] || { echo "same-output.sh: need OLD_BIN NEW_BIN and at least one PATH" >&2; usage; }
case "$JOBS" in 1|2) ;; *) echo "same-output.sh: --jobs is 1 or 2" >&2; exit 2 ;; esac
OLD=$1 NEW=$2; shift 2
for b in "$OLD" "$NEW"; do
  [ -x "$b" ] && [ -f "$b" ] || { echo "same-output.sh: $b is not an executable file" >&2; exit 2; }
done
for p in "$@"; do
  [ -e "$p" ] || { echo "same-output.sh: $p: no such file or folder" >&2; exit 2; }
done

exec python3 - "$OLD" "$NEW" "$KEEP" "$DIFF" "$JOBS" "$FORMATS" "$@" <<'PY'
import concurrent.futures as cf
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

old_bin, new_bin, keep, want_diff, jobs, formats_arg, *paths = sys.argv[1:]
old_bin, new_bin = os.path.abspath(old_bin), os.path.abspath(new_bin)
want_diff, jobs = want_diff == "1", int(jobs)
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
ENV["NO_COLOR"] = "1"  # no colour codes in the warnings we compare
t0 = time.time()

# format name -> (output file name, extra arguments); -o picks the format from the name.
CONVERT = {
    "html": ("page.html", []),
    "fragment": ("fragment.html", ["--to", "html", "--fragment"]),
    "xhtml": ("page.xhtml", ["--to", "xhtml"]),
    "epub": ("book.epub", []),
    "pdf": ("doc.pdf", []),
    "txt": ("text.txt", []),
    "json": ("model.json", []),
}
BUNDLE = {"bundle-epub": "bundle.epub", "bundle-pdf": "bundle.pdf"}
ALL = list(CONVERT) + list(BUNDLE)
wanted = [f for f in formats_arg.split(",") if f] or ALL
bad = [f for f in wanted if f not in ALL]
if bad:
    sys.exit(print(f"same-output.sh: unknown format(s) {bad}; known: {','.join(ALL)}", file=sys.stderr) or 2)

if keep:
    work = os.path.abspath(keep)
    os.makedirs(work, exist_ok=True)
    for side in ("old", "new"):
        shutil.rmtree(os.path.join(work, side), ignore_errors=True)
else:
    work = tempfile.mkdtemp(prefix="same-output-")


def has_xhtml(binary):
    """Whether `convert --to xhtml` is accepted (exit 2 is clap's usage error)."""
    with tempfile.TemporaryDirectory() as d:
        post = os.path.join(d, "p.md")
        open(post, "w").write("# t\n\nx\n")
        r = subprocess.run([binary, "convert", post, "--to", "xhtml", "-o", "-"],
                           capture_output=True, env=ENV, stdin=subprocess.DEVNULL)
        return r.returncode == 0


if "xhtml" in wanted and not (has_xhtml(old_bin) or has_xhtml(new_bin)):
    wanted.remove("xhtml")
    print("xhtml: neither binary has --to xhtml; skipped")

# The posts, each once, in a stable order; the folders given, for the bundles.
posts, seen, folders = [], set(), []
for p in paths:
    if os.path.isdir(p):
        folders.append(p)
        found = []
        for root, dirs, files in os.walk(p):
            found += [os.path.join(root, f) for f in files
                      if f.lower().endswith((".md", ".markdown"))]
        candidates = sorted(found)
    else:
        candidates = [p]
    for f in candidates:
        real = os.path.realpath(f)
        if real not in seen:
            seen.add(real)
            posts.append(f)

# One task per (item, format): the item is a post's index or a folder's ("b" + index).
tasks = []  # (key, label, format, argv-builder)
for i, post in enumerate(posts):
    for fmt in wanted:
        if fmt in CONVERT:
            name, extra = CONVERT[fmt]
            tasks.append((f"p{i:04d}", post, fmt, name,
                          lambda b, out, post=post, extra=extra: [b, "convert", post, "-o", out, *extra]))
for i, folder in enumerate(folders):
    for fmt in wanted:
        if fmt in BUNDLE:
            tasks.append((f"b{i:03d}", folder, fmt, BUNDLE[fmt],
                          lambda b, out, folder=folder: [b, "bundle", folder, "-o", out]))

with open(os.path.join(work, "index.tsv"), "w") as idx:
    for i, post in enumerate(posts):
        idx.write(f"p{i:04d}\t{post}\n")
    for i, folder in enumerate(folders):
        idx.write(f"b{i:03d}\t{folder} (bundle)\n")

TMP = re.compile(r"\.quire-[A-Za-z0-9_]+\.tmp")


def normalise(text, side_dir, binary):
    text = text.replace(side_dir, "<OUT>").replace(binary, "<QUIRE>")
    return TMP.sub(".quire-<TMP>.tmp", text)


def run(side, binary, key, fmt, name, argv):
    d = os.path.join(work, side, key)
    os.makedirs(d, exist_ok=True)
    out = os.path.join(d, name)
    r = subprocess.run(argv(binary, out), capture_output=True, env=ENV,
                       stdin=subprocess.DEVNULL)
    err = normalise(r.stderr.decode("utf-8", "replace"), os.path.join(work, side), binary)
    with open(out + ".stderr", "w", encoding="utf-8") as f:
        f.write(err)
    return r.returncode, out, err


def job(task):
    key, label, fmt, name, argv = task
    a = run("old", old_bin, key, fmt, name, argv)
    b = run("new", new_bin, key, fmt, name, argv)
    return task, a, b


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def epub_entries(path):
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def text_diff(a, b, name_a, name_b):
    a = a.decode("utf-8", "replace").splitlines(keepends=True)
    b = b.decode("utf-8", "replace").splitlines(keepends=True)
    lines = list(difflib.unified_diff(a, b, name_a, name_b, n=2))
    out = "".join(l if l.endswith("\n") else l + "\n" for l in lines[:40])
    if len(lines) > 40:
        out += f"... ({len(lines) - 40} more diff lines)\n"
    return out


def first_difference(a, b):
    n = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"binary: {len(a)} vs {len(b)} bytes, first difference at byte {n}\n"


TEXT_ENTRY = (".xhtml", ".html", ".opf", ".ncx", ".css", ".xml", ".txt", "mimetype", ".svg")


def compare(fmt, out_a, out_b):
    """(same?, detail, diff text) for two outputs that both exist."""
    a, b = read(out_a), read(out_b)
    if a is None or b is None:
        return False, "output missing: " + ("old" if a is None else "new"), ""
    if a == b:
        return True, "", ""
    if fmt.endswith("epub"):
        try:
            ea, eb = epub_entries(out_a), epub_entries(out_b)
        except zipfile.BadZipFile as e:
            return False, f"not a zip: {e}", first_difference(a, b)
        da, db = dict(ea), dict(eb)
        changed = [n for n in da if n in db and da[n] != db[n]]
        only_old = [n for n in da if n not in db]
        only_new = [n for n in db if n not in da]
        order = [n for n, _ in ea if n in db] != [n for n, _ in eb if n in da]
        if not (changed or only_old or only_new or order):
            return True, "", ""  # only zip metadata differs
        parts = []
        if changed:
            parts.append("entries differ: " + ", ".join(changed))
        if only_old:
            parts.append("only in old: " + ", ".join(only_old))
        if only_new:
            parts.append("only in new: " + ", ".join(only_new))
        if order:
            parts.append("entry order differs")
        diff = ""
        for n in changed:
            if n.endswith(TEXT_ENTRY):
                diff += text_diff(da[n], db[n], "old/" + n, "new/" + n)
            else:
                diff += f"{n}: " + first_difference(da[n], db[n])
        return False, "; ".join(parts), diff
    if fmt.endswith("pdf"):
        return False, "", first_difference(a, b)
    return False, "", text_diff(a, b, "old/" + os.path.basename(out_a), "new/" + os.path.basename(out_b))


rows = {f: dict(same=0, different=0, failed_old=0, failed_new=0, failed_both=0)
        for f in wanted + ["stderr"]}
differ = []  # (label, format, detail, diff)

with cf.ThreadPoolExecutor(max_workers=jobs) as pool:
    for task, (ca, oa, ea), (cb, ob, eb) in pool.map(job, tasks):
        key, label, fmt, name, _ = task
        where = f"{label} [{fmt}]" + (f" ({{old,new}}/{key}/{name})" if keep else "")
        if ca != 0 and cb != 0:
            if ca == cb and ea == eb:
                rows[fmt]["failed_both"] += 1
            else:
                rows[fmt]["different"] += 1
                differ.append((where, fmt, f"both failed, exit {ca} vs {cb}",
                               text_diff(ea.encode(), eb.encode(), "old/stderr", "new/stderr")))
        elif ca != 0:
            rows[fmt]["failed_old"] += 1
            differ.append((where, fmt, f"old failed (exit {ca}): {ea.strip()[:300]}", ""))
        elif cb != 0:
            rows[fmt]["failed_new"] += 1
            differ.append((where, fmt, f"new failed (exit {cb}): {eb.strip()[:300]}", ""))
        else:
            same, detail, diff = compare(fmt, oa, ob)
            if same:
                rows[fmt]["same"] += 1
            else:
                rows[fmt]["different"] += 1
                differ.append((where, fmt, detail, diff))
        # The warnings, whatever the outputs did.
        if ea == eb:
            rows["stderr"]["same"] += 1
        else:
            rows["stderr"]["different"] += 1
            differ.append((f"{label} [{fmt} stderr]" + (f" ({{old,new}}/{key}/{name}.stderr)" if keep else ""), "stderr", "",
                           text_diff(ea.encode(), eb.encode(), "old/stderr", "new/stderr")))

cols = ["same", "different", "failed_old", "failed_new", "failed_both"]
print(f"\n{len(posts)} post(s), {len(folders)} folder(s) bundled; old: {old_bin}; new: {new_bin}")
print(f"{'format':<12}" + "".join(f"{c.replace('_', '-'):>13}" for c in cols))
for fmt, r in rows.items():
    print(f"{fmt:<12}" + "".join(f"{r[c]:>13}" for c in cols))
total = {c: sum(r[c] for r in rows.values()) for c in cols}
print(f"{'total':<12}" + "".join(f"{total[c]:>13}" for c in cols))

if differ:
    print(f"\n{len(differ)} differing outputs:")
    for where, fmt, detail, diff in differ:
        print(f"  {where}" + (f": {detail}" if detail else ""))
        if want_diff and diff:
            for line in diff.rstrip("\n").split("\n"):
                print("      " + line)
if keep:
    print(f"\noutputs in {work} (index.tsv names the items)")
print(f"took {time.time() - t0:.0f} s")
if not keep:
    shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if differ else 0)
PY
