/**
 * WV1006: every export the host looks up is type-checked against the signature for the selected
 * ABI (src/wasm.cc getFunctions, src/v8/v8.cc getModuleFunctionImpl): a mismatch fails the VM with
 * "Bad function signature for: <name>, want: ..., but the module exports: ...".
 */
import { CALLBACKS, callbackFor, type CallbackSpec } from 'proxy-wasm-host-mock/symbols';
import { finding } from '../findings.js';
import type { Finding } from '../report.js';
import { exportedFunction, formatSig, sigEquals } from './helpers.js';
import type { Check, ModuleContext } from './types.js';

/** Whether the host looks this export up at all, given the other exports (getFunctions order). */
function lookedUp(ctx: ModuleContext, name: string): boolean {
  const has = (n: string): boolean => exportedFunction(ctx.info, n) !== undefined;
  if (name === 'main') return has('_initialize');
  if (name === '_start') return !has('_initialize');
  if (name === 'proxy_on_memory_allocate') {
    const malloc = exportedFunction(ctx.info, 'malloc');
    const spec = callbackFor('malloc', ctx.abi ?? '0.2.1');
    return malloc === undefined || (spec !== undefined && !sigEquals(malloc.signature!, spec.signature));
  }
  return true;
}

function specsFor(ctx: ModuleContext, name: string): CallbackSpec[] {
  const available = (c: CallbackSpec): boolean => c.feature === undefined || ctx.host.hostFeatures.includes(c.feature);
  if (ctx.abi !== null) {
    const spec = callbackFor(name, ctx.abi);
    return spec !== undefined && available(spec) ? [spec] : [];
  }
  return CALLBACKS.filter((c) => c.name === name && available(c));
}

export const callbacks: Check = {
  name: 'callbacks',
  needs: 'module',
  run(ctx) {
    const out: Finding[] = [];
    const names = new Set(CALLBACKS.map((c) => c.name));
    for (const e of ctx.info.exports) {
      if (e.kind !== 'function' || !names.has(e.name) || e.signature === undefined) continue;
      if (!lookedUp(ctx, e.name)) continue;
      const specs = specsFor(ctx, e.name);
      if (specs.length === 0 || specs.some((s) => sigEquals(e.signature!, s.signature))) continue;
      const want = specs.map((s) => formatSig(s.signature)).join(' or ');
      out.push(finding('WV1006', { name: e.name, want, got: formatSig(e.signature) }, 'link', { symbol: e.name }));
    }
    return out;
  },
};
