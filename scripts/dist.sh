#!/usr/bin/env bash
# Builds the quire binary we hand out: target/dist/quire.
#
# Static (Linux with glibc): linked statically and position-dependent. quire is often run
# once per post, so its start-up is paid per file: the dynamic loader (mapping and
# relocating libc, libm and libgcc_s, and resolving their symbols) costs about 0.45 ms of a
# 1.8 ms run on a small post, a quarter of it. A static binary also runs on any Linux of the
# same architecture, whatever its glibc. quire uses none of the glibc parts that need shared
# objects at run time (NSS user and host lookups, iconv, locales).
#
# `cargo build --release` cannot do this by itself: `+crt-static` in RUSTFLAGS without
# `--target` applies to proc-macro crates too, which then fail to build. So this script
# names the host target explicitly; the flags then apply to the binary's crates only.
#
# Profile-guided (where an llvm-profdata of rustc's LLVM version is installed, e.g. Debian's
# llvm-22 for rustc's LLVM 22): an instrumented build converts the project's own samples
# and test inputs to every format, and the release build is optimized with that profile
# (branch layout and inlining where the time goes): 15% fewer instructions and 7% less time
# on the HTML benchmark. Without the tool the binary is built without a profile, and the
# script says so.
#
# usage: scripts/dist.sh              prints the binary's path on its last line
#        scripts/dist.sh --profiler   prints the llvm-profdata it would use, or (exit 1)
#                                     the Debian package that has it
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
host=$(rustc -vV | sed -n 's/^host: //p')
llvm=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')

flags=""
case "$host" in
  *-linux-gnu) flags="-C target-feature=+crt-static -C relocation-model=static" ;;
esac

profdata=""
for p in "llvm-profdata-$llvm" "/usr/lib/llvm-$llvm/bin/llvm-profdata" llvm-profdata; do
  # (No `| grep -q`: under pipefail, grep leaving early can fail the pipe.)
  if command -v "$p" > /dev/null && [[ "$("$p" --version 2>/dev/null)" == *"LLVM version $llvm."* ]]; then
    profdata=$p
    break
  fi
done
if [ "${1:-}" = --profiler ]; then
  if [ -n "$profdata" ]; then echo "$profdata"; exit 0; fi
  echo "llvm-$llvm"
  exit 1
fi

# What the instrumented binary runs: every format from our own inputs, books, and a long
# post, so that reading and writing weigh as they do on real posts.
train() {
  local q=$1 tmp=$ROOT/target/pgo/train
  rm -rf "$tmp" && mkdir -p "$tmp"
  for f in samples/*.md tests/inputs/*.md; do
    for to in html json text; do
      "$q" convert "$f" --to "$to" -o - --quiet > /dev/null
    done
    "$q" convert "$f" -o "$tmp/post.pdf" --quiet
    "$q" convert "$f" -o "$tmp/post.epub" --quiet
  done
  "$q" bundle samples -o "$tmp/book.epub" --quiet
  "$q" bundle samples -o "$tmp/book.pdf" --quiet
  for _ in $(seq 30); do cat tests/inputs/every-node.md samples/talk-recap.md; done > "$tmp/long.md"
  # HTML twice: the reader and the HTML writer are what most runs are.
  for to in html html text; do
    "$q" convert "$tmp/long.md" --to "$to" -o - --quiet > /dev/null
  done
}

if [ -n "$profdata" ]; then
  data=$ROOT/target/pgo/data
  profile=$ROOT/target/pgo/quire.profdata
  instrumented=target/pgo/$host/release/quire
  RUSTFLAGS="${RUSTFLAGS:-} $flags -C profile-generate=$data" \
    cargo build --release -q -p quire-cli --target "$host" --target-dir target/pgo
  # rustc tracks the profile as an input: a new one rebuilds every crate. So the profile
  # is made again only when the instrumented binary changed.
  if [ ! -f "$profile" ] || [ "$instrumented" -nt "$profile" ]; then
    rm -rf "$data" && mkdir -p "$data"
    train "$instrumented"
    "$profdata" merge -o "$profile.tmp" "$data"
    mv "$profile.tmp" "$profile"
  fi
  flags="$flags -C profile-use=$profile"
else
  echo "scripts/dist.sh: no llvm-profdata for rustc's LLVM $llvm (Debian: apt-get install llvm-$llvm);" \
    "building without a profile" >&2
fi

RUSTFLAGS="${RUSTFLAGS:-} $flags" cargo build --release -q -p quire-cli --target "$host"
mkdir -p target/dist
cp "target/$host/release/quire" target/dist/quire.tmp
case "$host" in
  *-linux-gnu)
    if readelf -l target/dist/quire.tmp | grep -q INTERP; then
      echo "scripts/dist.sh: the binary still asks for a dynamic loader" >&2
      exit 1
    fi
    ;;
esac
mv target/dist/quire.tmp target/dist/quire
echo "$ROOT/target/dist/quire"
