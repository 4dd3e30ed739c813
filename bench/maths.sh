#!/bin/sh
# Times a post with 200 formulas (100 inline, 100 display; bench/maths/with-formulas.md)
# against the same post with the formulas removed, to PDF. The issue's target: under
# twice the time. Usage: bench/maths.sh [QUIRE_BINARY] [RUNS]
set -eu
bin=${1:-target/release/quire}
runs=${2:-10}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
time_of() {
    start=$(date +%s%N)
    i=0
    while [ "$i" -lt "$runs" ]; do
        "$bin" convert -q "$1" -o "$out/x.pdf"
        i=$((i + 1))
    done
    end=$(date +%s%N)
    echo $(((end - start) / runs / 1000))
}
with=$(time_of bench/maths/with-formulas.md)
without=$(time_of bench/maths/without-formulas.md)
echo "with 200 formulas: ${with} us; without: ${without} us; ratio: $(echo "scale=2; $with / $without" | bc)"
