/** Context plumbing and the always-registered extras (src/exports.cc get_status, set_effective_context, done, pthread_equal…). */
import { utf8 } from '../bytes.js';
import { currentCtx, rootOf, type HostCore } from '../core.js';
import { WasmResult } from '../symbols.js';
import { mem, unimplemented, type HostFunctions } from './common.js';

export function miscFunctions(core: HostCore, deleteRoot: (rootId: number) => void): HostFunctions {
  return {
    proxy_get_status(codePtr: number, msgPtrPtr: number, msgSizePtr: number): number {
      const root = rootOf(core, currentCtx(core));
      mem(core).writeU32(codePtr, root.status.code);
      mem(core).copyOut(utf8(root.status.message), msgPtrPtr, msgSizePtr);
      return WasmResult.Ok;
    },
    proxy_set_effective_context(id: number): number {
      const cid = id >>> 0;
      if (!core.contexts.has(cid)) return WasmResult.BadArgument;
      core.effectiveContextId = cid; // lasts until the current host→vm call returns
      return WasmResult.Ok;
    },
    proxy_done(): number {
      const ctx = currentCtx(core);
      if (ctx.kind !== 'root' || !ctx.pendingDone) return WasmResult.NotFound;
      ctx.pendingDone = false;
      core.deferred.push(() => deleteRoot(ctx.id)); // onDelete must not run inside done()
      return WasmResult.Ok;
    },
    pthread_equal: (a: number, b: number) => (a === b ? 1 : 0),
    emscripten_notify_memory_growth: () => undefined,
    envoy_resolve_dns: () => unimplemented(core, 'envoy_resolve_dns'),
  };
}
