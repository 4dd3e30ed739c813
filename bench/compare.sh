#!/usr/bin/env bash
# quire against pandoc, typst and WeasyPrint, side by side, in one run; writes
# docs/benchmarks.md. Installs nothing: it says what is missing and stops.
#
# usage: bench/compare.sh [html] [pdf] [blog] [scaling]     (default: all four)
#        RUNS=5 SLOW_RUNS=2 bench/compare.sh                 (runs per case)
#
# Needs ../shared/corpus (large, razor) and ../shared/seed beside the checkout, and:
#   pandoc      python3 -m pip install pypandoc-binary
#   typst       python3 -m pip install typst
#   WeasyPrint  python3 -m pip install weasyprint
#   GNU time    apt-get install time        (peak memory)
#   llvm-N      apt-get install llvm-N      (N: rustc's LLVM; scripts/dist.sh's profile)
set -euo pipefail
# Benchmarks never download: the corpus links to hosts this machine must not contact.
export QUIRE_OFFLINE=1
cd "$(dirname "$0")/.."
missing=()
PANDOC=$(python3 -c "import pypandoc; print(pypandoc.get_pandoc_path())" 2>/dev/null) || missing+=("pandoc: python3 -m pip install pypandoc-binary")
python3 -c "import typst" 2>/dev/null || missing+=("typst: python3 -m pip install typst")
python3 -c "import weasyprint" 2>/dev/null || missing+=("WeasyPrint: python3 -m pip install weasyprint")
[ -x /usr/bin/time ] || missing+=("GNU time: apt-get install time")
[ -d ../shared/corpus/large ] || missing+=("the corpus at ../shared/corpus")
# The binary we hand out is profile-guided (scripts/dist.sh): that needs rustc's LLVM version.
llvm=$(scripts/dist.sh --profiler) || missing+=("llvm-profdata of rustc's LLVM: apt-get install $llvm")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'missing:\n'; printf '  %s\n' "${missing[@]}"; exit 2
fi
scripts/dist.sh > /dev/null
cargo build --release -q -p quire-cli
cargo build --release -q -p quire-benches --example push-html
PANDOC=$PANDOC python3 bench/compare.py "$@"
