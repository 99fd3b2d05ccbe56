/**
 * WV1007: a WASI command (`_start`, no `_initialize`) whose start ends in `proc_exit`. The host
 * calls `_start` with hostcalls restricted to an allow-list that lacks proc_exit, so the VM fails
 * with "restricted_callback". Go's runtime always ends `_start` in proc_exit; for other
 * toolchains we look for a direct call path from `_start` to the proc_exit import.
 */
import { WASI_MODULES } from 'proxy-wasm-host-mock/symbols';
import { finding } from '../findings.js';
import { reachesDirectly } from '../inspect/index.js';
import { exportedFunction } from './helpers.js';
import type { Check, ModuleContext } from './types.js';

const FIX: Record<string, string> = {
  go: 'Build a reactor: GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o plugin.wasm .',
  tinygo: 'Build a WASI reactor that exports _initialize (TinyGo: -buildmode=c-shared where your TinyGo supports it), or make _start return without calling proc_exit.',
  c: 'Build a reactor: clang --target=wasm32-wasi -mexec-model=reactor (exports _initialize instead of _start).',
  cpp: 'Build a reactor: clang++ --target=wasm32-wasi -mexec-model=reactor (exports _initialize instead of _start).',
  rust: 'Build a cdylib (crate-type = ["cdylib"]) for wasm32-wasip1 instead of a binary.',
};
const DEFAULT_FIX = 'Export _initialize (a WASI reactor) instead of _start, or make _start return without calling proc_exit.';

function endsInProcExit(ctx: ModuleContext): boolean {
  if (ctx.info.toolchain.id === 'go') return true;
  const start = exportedFunction(ctx.info, '_start');
  if (start === undefined) return false;
  const targets = new Set<number>();
  let fn = 0;
  for (const imp of ctx.info.imports) {
    if (imp.kind !== 'function') continue;
    if (imp.name === 'proc_exit' && (WASI_MODULES as readonly string[]).includes(imp.module)) targets.add(fn);
    fn++;
  }
  if (targets.size === 0) return false;
  if (targets.has(start.index)) return true;
  return reachesDirectly(ctx.bytes, ctx.walked.code, ctx.walked.importedFunctions, start.index, targets);
}

export const commandMode: Check = {
  name: 'command-mode',
  needs: 'module',
  run(ctx) {
    if (ctx.info.startMode !== 'command' || !endsInProcExit(ctx)) return [];
    const tc = ctx.info.toolchain;
    const toolchain = tc.id === 'unknown' ? 'unknown toolchain' : tc.name;
    return [finding('WV1007', { toolchain, fix: FIX[tc.id] ?? DEFAULT_FIX }, 'start', { symbol: '_start' })];
  },
};
