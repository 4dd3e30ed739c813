#!/usr/bin/env bash
# Times quire's PDF against typst's on the same content, side by side, several runs each,
# medians and peak memory. Installs nothing: it says what it needs.
#
# usage: bench/pdf-vs-typst.sh [POST.md] [RUNS]
# default: the Rust book's chapter 20 from ../shared/corpus/large, 9 runs.
#
# Needs: hyperfine-free (plain Python timing), /usr/bin/time (GNU time), pandoc (PyPI
# pypandoc-binary) to turn the post into typst markup, and PyPI `typst` (the compiler as a
# Python module). typst's time is its compile alone, measured inside Python after import;
# quire's is the whole process (read, typeset, write the file).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
POST=${1:-$ROOT/../shared/corpus/large/rust-lang+book/nostarch/chapter20.md}
RUNS=${2:-9}
OUT=$ROOT/target/bench-pdf
mkdir -p "$OUT"

PANDOC=$(python3 -c "import pypandoc; print(pypandoc.get_pandoc_path())" 2>/dev/null) \
  || { echo "needs pandoc: python3 -m pip install pypandoc-binary"; exit 2; }
python3 -c "import typst" 2>/dev/null || { echo "needs typst: python3 -m pip install typst"; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time"; exit 2; }
[ -f "$POST" ] || { echo "no post at $POST"; exit 2; }

cargo build --release -q -p quire-cli
Q=$ROOT/target/release/quire

# typst's input: the same post through pandoc, images as their alt text (typst refuses a
# missing image; quire draws a placeholder).
"$PANDOC" -f gfm -t typst -s --lua-filter bench/images-as-text.lua "$POST" -o "$OUT/post.typ"

python3 - "$Q" "$POST" "$OUT" "$RUNS" <<'PY'
import statistics, subprocess, sys, time
q, post, out, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def peak_kb(cmd):
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True, check=True)
    return int(r.stderr.strip().splitlines()[-1])

quire_cmd = [q, "convert", post, "-o", f"{out}/quire.pdf", "--quiet"]
subprocess.run(quire_cmd, check=True)  # warm the page cache
quire = []
for _ in range(runs):
    t = time.perf_counter(); subprocess.run(quire_cmd, check=True); quire.append(time.perf_counter() - t)

# Each typst compile in a fresh process (a cold compile, as the CLI does), timed inside.
typst_code = ("import sys, time, typst\n"
              "t = time.perf_counter(); typst.compile(sys.argv[1], output=sys.argv[2]); "
              "print(time.perf_counter() - t)")
typst_cmd = ["python3", "-c", typst_code, f"{out}/post.typ", f"{out}/typst.pdf"]
subprocess.run(typst_cmd, check=True, capture_output=True)
typst = []
for _ in range(runs):
    r = subprocess.run(typst_cmd, check=True, capture_output=True, text=True)
    typst.append(float(r.stdout.strip()))
python_alone = peak_kb(["python3", "-c", "import typst"])

def pages(pdf):
    r = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True)
    return next((l.split()[-1] for l in r.stdout.splitlines() if l.startswith("Pages:")), "?")

qm, tm = statistics.median(quire), statistics.median(typst)
qk, tk = peak_kb(quire_cmd), peak_kb(typst_cmd)
print(f"input: {post}")
print(f"runs: {runs} each; medians")
print(f"quire (whole process)     {qm*1000:8.1f} ms  peak {qk/1024:6.1f} MB  {pages(out + '/quire.pdf')} pages")
print(f"typst (compile, in-proc.) {tm*1000:8.1f} ms  peak {tk/1024:6.1f} MB  {pages(out + '/typst.pdf')} pages"
      f"  (python + typst module alone: {python_alone/1024:.1f} MB)")
print(f"quire is {tm/qm:.1f}x faster")
PY
