#!/usr/bin/env bash
# Installs the compilers the sample plugins are built with, from Debian's packages only.
#   Go 1.24      Debian trixie's golang-1.24-go (bookworm has no Go 1.24), pinned low so
#                nothing else on the machine is upgraded from trixie.
#   C            clang-16, lld-16, wasi-libc, libclang-rt-16-dev-wasm32 (bookworm).
#   make         GNU make: the example plugin repository (examples/plugin-repo) is verified with
#                `make verify` by test/examples.test.ts.
# AssemblyScript comes from npm (sample-plugins/assemblyscript/package.json), WAT is assembled
# with the wabt npm package: neither needs this script.
# Idempotent: does nothing when everything is present. Needs root (CI and dev machines are root).
set -euo pipefail

GO_BIN=/usr/lib/go-1.24/bin/go
need_go=0; need_c=0; need_make=0
[ -x "$GO_BIN" ] || need_go=1
command -v make >/dev/null || need_make=1
{ command -v clang-16 >/dev/null && command -v wasm-ld-16 >/dev/null \
  && [ -e /usr/lib/wasm32-wasi/libc.a ] \
  && ls /usr/lib/llvm-16/lib/clang/16/lib/wasi/libclang_rt.builtins-wasm32.a >/dev/null 2>&1; } || need_c=1

if [ "$need_go" = 0 ] && [ "$need_c" = 0 ] && [ "$need_make" = 0 ]; then
  echo "toolchains: all present"
  exit 0
fi

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

if [ "$need_go" = 1 ]; then
  if [ ! -f /etc/apt/sources.list.d/wasm-verify-trixie.sources ]; then
    $SUDO tee /etc/apt/sources.list.d/wasm-verify-trixie.sources >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    $SUDO tee /etc/apt/preferences.d/wasm-verify-trixie >/dev/null <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  fi
fi

$SUDO apt-get update -qq
pkgs=()
[ "$need_c" = 1 ] && pkgs+=(clang-16 lld-16 wasi-libc libclang-rt-16-dev-wasm32)
[ "$need_make" = 1 ] && pkgs+=(make)
if [ ${#pkgs[@]} -gt 0 ]; then
  $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
fi
if [ "$need_go" = 1 ]; then
  $SUDO apt-get install -y -qq --no-install-recommends -t trixie golang-1.24-go
fi
"$GO_BIN" version
clang-16 --version | head -1
make --version | head -1
