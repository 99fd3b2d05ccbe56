#!/usr/bin/env bash
# Builds every Go sample plugin into one directory (default: sample-plugins/build/).
#   bash sample-plugins/go/build.sh [OUT_DIR]        (from any working directory)
# Go 1.24+ only (GOOS=wasip1 -buildmode=c-shared: a WASI reactor exporting _initialize), standard
# library only: no module proxy (GOPROXY=off) and no toolchain download (GOTOOLCHAIN=local).
# Reproducible: -trimpath, no VCS stamping; nothing is stripped (the name section gives
# backtraces their function names). Runs the pure-Go codec tests first.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(mkdir -p "${1:-$here/../build}" && cd "${1:-$here/../build}" && pwd)"

# The Go: Debian trixie's golang-1.24-go, else `go` on PATH if it is 1.24 or newer.
go_bin=/usr/lib/go-1.24/bin/go
if [ ! -x "$go_bin" ]; then
  go_bin="$(command -v go || true)"
  [ -n "$go_bin" ] || { echo "go/build.sh: Go 1.24 not found (run sample-plugins/scripts/install-toolchains.sh)" >&2; exit 1; }
  minor="$("$go_bin" env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
  [ "${minor:-0}" -ge 24 ] || { echo "go/build.sh: $go_bin is $("$go_bin" env GOVERSION); need go1.24+" >&2; exit 1; }
fi

export GOPROXY=off GOTOOLCHAIN=local GOFLAGS=-buildvcs=false GOWORK=off CGO_ENABLED=0
# CI containers may run without HOME; Go needs somewhere for its build cache.
if [ -z "${GOCACHE:-}" ] && [ -z "${HOME:-}" ] && [ -z "${XDG_CACHE_HOME:-}" ]; then
  export GOCACHE="${TMPDIR:-/tmp}/wasm-verify-go-cache" GOPATH="${TMPDIR:-/tmp}/wasm-verify-gopath"
fi

cd "$here"
echo "go/build.sh: $("$go_bin" env GOVERSION), output $out"
"$go_bin" test ./sdk/codec/

# EXTRA_TAGS of a plugin's .buildrc, read the way Higress' Makefile did after PR #1852.
buildrc_tags() {
  [ -f "$1/.buildrc" ] || return 0
  (. "./$1/.buildrc" && echo "${EXTRA_TAGS:-}")
}

TAG=proxy_wasm_version_0_2_100
# output name | plugin dir | build tags ("@buildrc": the dir's .buildrc; "": none -> ABI 0.2.0)
targets=(
  "go-llm-gateway|llm-gateway|@buildrc"
  "go-llm-gateway-no-tag|llm-gateway|"        # the founding bug: .buildrc ignored
  "go-header-rewrite|header-rewrite|$TAG"
  "go-header-rewrite-abi020|header-rewrite|"  # ABI 0.2.0: loads on upstream Envoy too
  "go-callout-auth|callout-auth|$TAG"
  "go-callout-auth-abi020|callout-auth|"      # pause + callout resume on 0.2.0 semantics
  "go-tick-resume|tick-resume|$TAG"
  "go-redis-ratelimit|redis-ratelimit|$TAG"
  "go-panic-on-header|panic-on-header|$TAG"
  "go-config-warn|config-warn|$TAG"
  "go-auth-no-timeout|auth-no-timeout|$TAG"
  "go-ai-gateway|ai-gateway|@buildrc"          # the real-size module (~9 MB), the bench's main one
  "go-leaky-audit|leaky-audit|$TAG"           # leaks ~16 KiB per request: found by --soak
)

for t in "${targets[@]}"; do
  IFS='|' read -r name dir tags <<<"$t"
  [ "$tags" = "@buildrc" ] && tags="$(buildrc_tags "$dir")"
  GOOS=wasip1 GOARCH=wasm "$go_bin" build -buildmode=c-shared -trimpath -tags="$tags" \
    -o "$out/$name.wasm" "./$dir"
  printf '%-32s %9d bytes  tags=%s\n' "$name.wasm" "$(stat -c %s "$out/$name.wasm")" "${tags:-(none)}"
done
