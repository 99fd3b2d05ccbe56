#!/usr/bin/env bash
# Builds every AssemblyScript sample plugin (<name>/index.ts) to <out>/<name>.wasm.
# Usage: build.sh [OUT_DIR]   (default: ../build, i.e. sample-plugins/build)
# @solo-io/proxy-runtime 0.1.8 compiles only with assemblyscript 0.14.x: both are pinned exactly in
# package.json / package-lock.json of this folder (not a workspace of the root package).
# --use abort=abort_proc_exit: the runtime's abort logs at critical and calls wasi_unstable.proc_exit,
# instead of importing env.abort, which no proxy-wasm host provides.
# --debug keeps the name section, so backtraces show function names.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../build}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$here"
if [ ! -d node_modules/assemblyscript ] || [ ! -d node_modules/@solo-io/proxy-runtime ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
asc="$here/node_modules/.bin/asc"
echo "assemblyscript $("$asc" --version | sed 's/^Version //')"
for src in */index.ts; do
  name="$(dirname "$src")"
  "$asc" "$src" --binaryFile "$out/$name.wasm" --use abort=abort_proc_exit --optimize --debug 2> >(grep -v -e 'AS201' -e 'utoa32' -e '~~~~' -e 'lib/number.ts' -e '^\s*$' >&2 || true)
  echo "built $out/$name.wasm ($(wc -c < "$out/$name.wasm") bytes)"
done
