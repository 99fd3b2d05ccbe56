#!/usr/bin/env bash
# Builds every C sample plugin (<name>.c) to <out>/<name>.wasm with Debian's clang-16 + wasi-libc.
# Usage: build.sh [OUT_DIR]   (default: ../build, i.e. sample-plugins/build)
#   -mexec-model=reactor      WASI reactor: exports _initialize (the host calls it), no _start/main
#   -Wl,--export=malloc       the allocator the host calls to return data (else "missing malloc")
#   callbacks are exported by name with __attribute__((export_name)) in proxy_wasm_abi.h
#   -Wl,--strip-debug         drop the DWARF that Debian's libc.a carries, keep the name section
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../build}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
CC="${CC:-clang-16}"
command -v "$CC" >/dev/null || { echo "c/build.sh: $CC not found (run sample-plugins/scripts/install-toolchains.sh)" >&2; exit 1; }
echo "$("$CC" --version | head -1)"
cd "$here"
for src in *.c; do
  name="${src%.c}"
  "$CC" --target=wasm32-wasi -O2 -std=c11 -Wall -Wextra -Werror \
    -mexec-model=reactor -Wl,--export=malloc -Wl,--strip-debug \
    -o "$out/$name.wasm" "$src"
  echo "built $out/$name.wasm ($(wc -c < "$out/$name.wasm") bytes)"
done
