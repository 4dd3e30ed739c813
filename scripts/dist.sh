#!/usr/bin/env bash
# Builds the quire binary we hand out: target/dist/quire.
#
# On Linux with glibc it is linked statically and position-dependent. quire is often run
# once per post, so its start-up is paid per file: the dynamic loader (mapping and
# relocating libc, libm and libgcc_s, and resolving their symbols) costs about 0.45 ms of a
# 1.8 ms run on a small post, a quarter of it. A static binary also runs on any Linux of the
# same architecture, whatever its glibc. quire uses none of the glibc parts that need shared
# objects at run time (NSS user and host lookups, iconv, locales).
#
# `cargo build --release` cannot do this by itself: `+crt-static` in RUSTFLAGS without
# `--target` applies to proc-macro crates too, which then fail to build. So this script
# names the host target explicitly; the flags then apply to the binary's crates only.
# Other hosts get the ordinary release build.
#
# usage: scripts/dist.sh        prints the binary's path on its last line
set -euo pipefail
cd "$(dirname "$0")/.."
host=$(rustc -vV | sed -n 's/^host: //p')
mkdir -p target/dist
case "$host" in
  *-linux-gnu)
    RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static -C relocation-model=static" \
      cargo build --release -q -p quire-cli --target "$host"
    cp "target/$host/release/quire" target/dist/quire.tmp
    if readelf -l target/dist/quire.tmp | grep -q INTERP; then
      echo "scripts/dist.sh: the binary still asks for a dynamic loader" >&2
      exit 1
    fi
    ;;
  *)
    cargo build --release -q -p quire-cli
    cp target/release/quire target/dist/quire.tmp
    ;;
esac
mv target/dist/quire.tmp target/dist/quire
echo "$PWD/target/dist/quire"
