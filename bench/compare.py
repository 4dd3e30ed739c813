#!/usr/bin/env python3
"""Times quire against pandoc, typst and WeasyPrint side by side and writes
docs/benchmarks.md. Run through bench/compare.sh, which checks what it needs first.

Every case runs each tool RUNS times (slow tools fewer) as whole processes and reports the
median wall time, less the harness's own start-up, and the peak memory (GNU time's maximum
resident set size).
"""
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared")
CORPUS = os.path.join(SHARED, "corpus")
RUNS = int(os.environ.get("RUNS", "5"))
SLOW_RUNS = int(os.environ.get("SLOW_RUNS", "2"))
# The binary we hand out (scripts/dist.sh: profile-guided, static on Linux), and the one `cargo build
# --release` makes, timed beside it in the HTML case.
Q = os.path.join(ROOT, "target/dist/quire")
Q_CARGO = os.path.join(ROOT, "target/release/quire")
PUSH_HTML = os.path.join(ROOT, "target/release/examples/push-html")
PANDOC = os.environ["PANDOC"]
OUT = os.path.join(ROOT, "target/bench-compare")
FILTER = os.path.join(ROOT, "bench/images-as-text.lua")
os.makedirs(OUT, exist_ok=True)
DEVNULL = subprocess.DEVNULL


def timed(cmd, runs, shell=False, env=None, harness=True):
    """Median seconds and peak MB of `cmd` over `runs` runs, the harness's own start-up
    (GNU time, and bash for a loop) taken off."""
    times, peaks = [], []
    for _ in range(runs):
        full = ["/usr/bin/time", "-f", "%e %M"] + (["bash", "-c", cmd] if shell else cmd)
        t = time.perf_counter()
        r = subprocess.run(full, stdout=DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        wall = time.perf_counter() - t
        if r.returncode != 0:
            raise SystemExit(f"failed: {cmd}\n{r.stderr[-2000:]}")
        last = r.stderr.strip().splitlines()[-1].split()
        times.append(wall)
        peaks.append(int(last[1]) / 1024)
    off = HARNESS["bash" if shell else "time"] if harness else 0.0
    return max(statistics.median(times) - off, 0.0), max(peaks)


# What starting a command through `timed` costs with nothing to do: GNU time running
# `true`, directly and through bash. Taken off every figure, so that a tool's time is its
# own (it is a few milliseconds: noise for pandoc, several percent for the fastest tools).
HARNESS = {"time": 0.0, "bash": 0.0}


def measure_harness():
    HARNESS["time"] = timed(["true"], 3 * RUNS, harness=False)[0]
    HARNESS["bash"] = timed("true", 3 * RUNS, shell=True, harness=False)[0]


def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except Exception as e:  # noqa: BLE001
        return f"unavailable ({e})"


def files_under(d, exts=(".md", ".markdown")):
    out = []
    for root, _, names in os.walk(d):
        out += [os.path.join(root, n) for n in names if n.endswith(exts)]
    return sorted(out)


rows = []


def row(case, tool, secs, mb, note=""):
    rows.append((case, tool, secs, mb, note))
    print(f"{case:<38} {tool:<28} {secs * 1000:10.1f} ms {mb:8.1f} MB  {note}", flush=True)


def html_case():
    large = [f for f in files_under(os.path.join(CORPUS, "large"), (".md", ".txt"))]
    size = sum(os.path.getsize(f) for f in large) / 1e6
    case = f"Markdown to HTML, {len(large)} large files ({size:.2f} MB)"
    loop = lambda tool: " ; ".join(f"{tool} '{f}' > /dev/null" for f in large)  # noqa: E731
    s, m = timed(loop(PUSH_HTML), RUNS, shell=True)
    row(case, "pulldown-cmark push_html", s, m, f"{size / s:.1f} MB/s")
    push = s
    html = lambda q: " ; ".join(f"{q} convert '{f}' --to html --fragment --no-highlight -o - --quiet > /dev/null" for f in large)  # noqa: E731
    s, m = timed(html(Q), RUNS, shell=True)
    row(case, "quire (fragment)", s, m, f"{size / s:.1f} MB/s; {s / push:.2f}x push_html")
    quire = s
    s, m = timed(html(Q_CARGO), RUNS, shell=True)
    row(case, "quire, cargo build (dynamic)", s, m, f"{size / s:.1f} MB/s; {s / push:.2f}x push_html")
    s, m = timed(" ; ".join(f"{PANDOC} -f gfm -t html --syntax-highlighting=none '{f}' > /dev/null" for f in large), SLOW_RUNS, shell=True)
    row(case, "pandoc -f gfm -t html", s, m, f"{size / s:.2f} MB/s; quire {s / quire:.0f}x faster")


def typst_source(md, name):
    typ = os.path.join(OUT, name + ".typ")
    subprocess.run([PANDOC, "-f", "gfm", "-t", "typst", "-s", "--lua-filter", FILTER, md, "-o", typ], check=True)
    return typ


def pdf_case(md, label):
    case = f"One post to PDF: {label}"
    s, m = timed([Q, "convert", md, "-o", os.path.join(OUT, label + ".pdf"), "--quiet"], RUNS)
    row(case, "quire", s, m)
    quire = s
    typ = typst_source(md, label)
    code = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])"
    s, m = timed(["python3", "-c", code, typ, os.path.join(OUT, label + "-typst.pdf")], RUNS)
    base, _ = timed(["python3", "-c", "import typst"], RUNS)
    row(case, "typst (pandoc -t typst first)", s - base, m, f"compile only (python start {base * 1000:.0f} ms taken off); quire {(s - base) / quire:.1f}x faster")
    s, m = timed([PANDOC, "-f", "gfm", md, "--pdf-engine=weasyprint", "--lua-filter", FILTER, "-o", os.path.join(OUT, label + "-weasy.pdf")], SLOW_RUNS)
    row(case, "pandoc + WeasyPrint", s, m, f"quire {s / quire:.0f}x faster")


def blog_case():
    posts = files_under(os.path.join(CORPUS, "razor"))
    case = f"A blog to one book: {len(posts)} razor posts"
    s, m = timed([Q, "bundle", os.path.join(CORPUS, "razor"), "-o", os.path.join(OUT, "razor.epub"), "--quiet"], RUNS)
    row(case, "quire EPUB", s, m)
    q_epub = s
    s, m = timed([PANDOC, "-f", "gfm", "--metadata", "title=Blog", *posts, "-o", os.path.join(OUT, "razor-pandoc.epub")], SLOW_RUNS)
    row(case, "pandoc EPUB", s, m, f"quire {s / q_epub:.0f}x faster")
    s, m = timed([Q, "bundle", os.path.join(CORPUS, "razor"), "-o", os.path.join(OUT, "razor.pdf"), "--quiet"], RUNS)
    row(case, "quire PDF", s, m)
    q_pdf = s
    s, m = timed([PANDOC, "-f", "gfm", "--metadata", "title=Blog", "--pdf-engine=weasyprint", "--lua-filter", FILTER, *posts, "-o", os.path.join(OUT, "razor-weasy.pdf")], 1)
    row(case, "pandoc + WeasyPrint PDF", s, m, f"quire {s / q_pdf:.0f}x faster")


def scaling_case():
    samples = sorted(f for f in os.listdir(os.path.join(ROOT, "samples")) if f.endswith(".md"))
    total = {}
    for n in (1, 10, 100, 1000):
        d = tempfile.mkdtemp(prefix=f"quire-scale-{n}-", dir=OUT)
        shutil.copytree(os.path.join(ROOT, "samples/images"), os.path.join(d, "images"))
        for i in range(n):
            shutil.copy(os.path.join(ROOT, "samples", samples[i % len(samples)]), os.path.join(d, f"post-{i:04}.md"))
        for fmt in ("epub", "pdf"):
            s, m = timed([Q, "bundle", d, "-o", os.path.join(OUT, f"scale-{n}.{fmt}"), "--order", "name", "--quiet"], RUNS if n < 1000 else max(1, SLOW_RUNS))
            total[(fmt, n)] = s
            row(f"Scaling: {n} posts (samples repeated)", f"quire {fmt.upper()}", s, m, f"{s / n * 1000:.2f} ms/post")
        shutil.rmtree(d)
    for fmt in ("epub", "pdf"):
        # Cost per added post once every sample has been seen (10 posts hold all four, so
        # the fixed costs, the syntax set, fonts, a system font search for Thai, are paid):
        # from 10 to 100 posts, then from 100 to 1,000.
        first = (total[(fmt, 100)] - total[(fmt, 10)]) / 90
        second = (total[(fmt, 1000)] - total[(fmt, 100)]) / 900
        ratio = second / first
        print(f"scaling {fmt}: cost per added post, 100 to 1000 / 10 to 100 = {ratio:.2f}")
        rows.append(("Scaling check", f"{fmt.upper()}: cost per added post", ratio, 0.0,
                     f"{first * 1000:.2f} ms (10 to 100 posts) then {second * 1000:.2f} ms (100 to 1,000); linear within 20% means 0.8 to 1.2"))


def find(case_part, tool):
    for case, t, secs, mb, _ in rows:
        if case_part in case and t == tool:
            return secs, mb
    return None


def targets():
    out = []

    def line(ok, text):
        out.append(f"- {'met' if ok else 'NOT met'}: {text}")

    push, quire, pandoc = find("to HTML", "pulldown-cmark push_html"), find("to HTML", "quire (fragment)"), find("to HTML", "pandoc -f gfm -t html")
    if push and quire and pandoc:
        line(pandoc[0] / quire[0] >= 100, f"Markdown to HTML at least 100x pandoc's throughput: {pandoc[0] / quire[0]:.0f}x")
        line(quire[0] / push[0] <= 2, f"within 2x of pulldown-cmark's push_html: {quire[0] / push[0]:.2f}x")
    q, t = find("chapter 20", "quire"), find("chapter 20", "typst (pandoc -t typst first)")
    if q and t:
        line(t[0] / q[0] >= 3 and q[1] < 100, f"chapter 20 to PDF at least 3x faster than typst and under 100 MB: {t[0] / q[0]:.1f}x, {q[1]:.0f} MB")
    qe, pe, qp = find("razor", "quire EPUB"), find("razor", "pandoc EPUB"), find("razor", "quire PDF")
    if qe and pe:
        line(pe[0] / qe[0] >= 20, f"all razor posts to one EPUB at least 20x faster than pandoc: {pe[0] / qe[0]:.0f}x")
    if qp:
        line(qp[0] < 1, f"all razor posts to one PDF under 1 s: {qp[0]:.2f} s")
    for case, tool, ratio, _, _ in rows:
        if case == "Scaling check":
            line(0.8 <= ratio <= 1.2, f"{tool} linear within 20% from 100 to 1,000 posts: {ratio:.2f}")
    return out


def machine():
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, {mem}, {platform.system()} {platform.release()}"


def write_report(command):
    typst_v = subprocess.run(["python3", "-c", "import typst; print(getattr(typst, '__version__', '?'))"], capture_output=True, text=True).stdout.strip()
    weasy_v = subprocess.run(["python3", "-c", "import weasyprint; print(weasyprint.__version__)"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# Benchmarks",
        "",
        f"Made by `{command}` on {time.strftime('%Y-%m-%d')}. Whole processes, wall time, median of "
        f"{RUNS} runs ({SLOW_RUNS} for pandoc, 1 for pandoc + WeasyPrint on the whole blog), "
        f"the harness's own start-up taken off ({HARNESS['time'] * 1000:.1f} ms for GNU time, "
        f"{HARNESS['bash'] * 1000:.1f} ms with bash for the HTML loops, measured on `true`); "
        "peak memory is the largest maximum resident set size GNU time saw.",
        "",
        f"- Machine: {machine()}",
        f"- quire: {version([Q, '--version'])}, the binary `scripts/dist.sh` builds and we hand out "
        "(profile-guided from our own samples; on Linux static and position-dependent); the HTML "
        "case also times the dynamic binary a plain `cargo build --release` makes, built like "
        "`push_html`",
        f"- pandoc: {version([PANDOC, '--version'])} (PyPI pypandoc-binary)",
        f"- typst: {typst_v} (PyPI `typst`, the compiler as a Python module)",
        f"- WeasyPrint: {weasy_v} (PyPI)",
        "- pulldown-cmark: the version quire reads with, `push_html` as `benches/examples/push-html.rs`",
        "",
        "| case | tool | time | peak memory | note |",
        "|---|---|---:|---:|---|",
    ]
    for case, tool, secs, mb, note in rows:
        if case == "Scaling check":
            lines.append(f"| {case} | {tool} | {secs:.2f}x | | {note} |")
        else:
            lines.append(f"| {case} | {tool} | {secs * 1000:.1f} ms | {mb:.1f} MB | {note} |")
    lines += ["", "## Targets (issue 8)", ""] + targets() + [
        "",
        "Notes: typst is fed by `pandoc -t typst` with images turned into their alt text (typst",
        "stops at a missing image; quire draws a placeholder); its figure is the compile alone,",
        "with the Python interpreter's start-up taken off. pandoc reads the razor posts' `@{...}`",
        "headers as text. The HTML case runs without code highlighting for all tools, since",
        "`push_html` has none.",
        "",
    ]
    with open(os.path.join(ROOT, "docs/benchmarks.md"), "w") as f:
        f.write("\n".join(lines))
    print("wrote docs/benchmarks.md")


def main():
    only = sys.argv[1:] or ["html", "pdf", "blog", "scaling"]
    measure_harness()
    if "html" in only:
        html_case()
    if "pdf" in only:
        seed = os.path.join(SHARED, "seed/qcon-london-2016.md")
        pdf_case(seed, "seed post")
        pdf_case(os.path.join(CORPUS, "large/rust-lang+book/nostarch/chapter20.md"), "Rust book chapter 20")
    if "blog" in only:
        blog_case()
    if "scaling" in only:
        scaling_case()
    write_report(" ".join(["bench/compare.sh"] + sys.argv[1:]))


if __name__ == "__main__":
    main()
