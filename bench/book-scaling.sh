#!/usr/bin/env bash
# PDF books from the razor corpus: the whole set, and 30, 60, 120 posts, to show the cost
# grows linearly. Medians of RUNS runs, peak memory from GNU time.
#
# usage: bench/book-scaling.sh [RUNS]      (needs ../shared/corpus/razor and /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${1:-5}
CORPUS=$ROOT/../shared/corpus/razor
OUT=$ROOT/target/bench-book
[ -d "$CORPUS" ] || { echo "needs the corpus at $CORPUS"; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time"; exit 2; }
mkdir -p "$OUT"
cargo build --release -q -p quire-cli
Q=$ROOT/target/release/quire
mapfile -d '' ALL < <(find "$CORPUS" -type f \( -name '*.md' -o -name '*.markdown' \) -print0 | sort -z)
echo "razor posts: ${#ALL[@]}"
printf '%-8s %10s %10s %8s %10s %10s\n' posts "median ms" "peak MB" pages "ms/post" "ms/page"
for n in 30 60 120 "${#ALL[@]}"; do
  [ "$n" -le "${#ALL[@]}" ] || continue
  times=()
  for _ in $(seq "$RUNS"); do
    line=$(/usr/bin/time -f "%e %M" "$Q" bundle "${ALL[@]:0:$n}" -o "$OUT/book-$n.pdf" --quiet 2>&1 | tail -1)
    times+=("$line")
  done
  printf '%s\n' "${times[@]}" | python3 -c "
import statistics, subprocess, sys
rows = [l.split() for l in sys.stdin if l.strip()]
ms = statistics.median(float(r[0]) * 1000 for r in rows)
mb = max(int(r[1]) for r in rows) / 1024
pages = next(l.split()[-1] for l in subprocess.run(['pdfinfo', '$OUT/book-$n.pdf'], capture_output=True, text=True).stdout.splitlines() if l.startswith('Pages:'))
print(f'{$n:<8} {ms:10.0f} {mb:10.1f} {pages:>8} {ms / $n:10.2f} {ms / int(pages):10.2f}')"
done
