#!/usr/bin/env bash
# Installs Debian's binaryen (wasm-opt), which `npm run fuzz` uses to generate random valid
# modules (wasm-opt --translate-to-fuzz). Idempotent; needs root or password-less sudo.
set -euo pipefail
if command -v wasm-opt >/dev/null; then
  echo "binaryen: present ($(wasm-opt --version))"
  exit 0
fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo -n"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends binaryen
wasm-opt --version
