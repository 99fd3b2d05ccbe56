/**
 * Shared queues (src/shared_queue.cc; ContextBase::registerSharedQueue): bound to (vm_id, name),
 * tokens from 1; enqueue posts proxy_on_queue_ready to the registering root context, later.
 */
import { text } from '../bytes.js';
import { currentCtx, rootOf, type HostCore } from '../core.js';
import { WasmResult } from '../symbols.js';
import { keep, mem, type HostFunctions } from './common.js';
import type { SharedStoreImpl } from './shared-data.js';

export function queueKey(vmId: string, name: string): string {
  return `${vmId}\0${name}`;
}

/** Appends to a queue and notifies its registrant; NotFound for an unknown token. */
export function enqueue(store: SharedStoreImpl, token: number, data: Uint8Array): number {
  const q = store.queues.get(token);
  if (q === undefined) return WasmResult.NotFound;
  q.items.push(data);
  q.notify(token);
  return WasmResult.Ok;
}

export function sharedQueueFunctions(core: HostCore, onReady: (rootId: number, token: number) => void): HostFunctions {
  const store = core.store;
  return {
    proxy_register_shared_queue(nPtr: number, nSize: number, tokenPtr: number): number {
      const name = text(mem(core).read(nPtr, nSize, 'name'));
      const rootId = rootOf(core, currentCtx(core)).id;
      const key = queueKey(core.opts.vmId, name);
      let token = store.queueTokens.get(key);
      if (token === undefined) {
        token = store.nextQueueToken++;
        store.queueTokens.set(key, token);
        store.queues.set(token, { vmId: core.opts.vmId, name, items: [], notify: () => undefined });
      }
      const q = store.queues.get(token);
      if (q !== undefined) q.notify = (t) => core.posted.push(() => onReady(rootId, t));
      mem(core).writeU32(tokenPtr, token);
      return WasmResult.Ok;
    },
    proxy_resolve_shared_queue(vPtr: number, vSize: number, nPtr: number, nSize: number, tokenPtr: number): number {
      const vmId = text(mem(core).read(vPtr, vSize, 'vm_id'));
      const name = text(mem(core).read(nPtr, nSize, 'name'));
      const token = store.queueTokens.get(queueKey(vmId === '' ? core.opts.vmId : vmId, name));
      if (token === undefined || core.vm.failure !== undefined) return WasmResult.NotFound;
      mem(core).writeU32(tokenPtr, token);
      return WasmResult.Ok;
    },
    proxy_dequeue_shared_queue(token: number, ptrPtr: number, sizePtr: number): number {
      const q = store.queues.get(token >>> 0);
      if (q === undefined) return WasmResult.NotFound;
      const item = q.items.shift();
      if (item === undefined) return WasmResult.Empty;
      core.budget.release('shared queue messages', item.length + 32);
      mem(core).copyOut(item, ptrPtr, sizePtr);
      return WasmResult.Ok;
    },
    proxy_enqueue_shared_queue(token: number, dPtr: number, dSize: number): number {
      mem(core).check(dPtr, dSize, 'data');
      if (store.queues.get(token >>> 0) === undefined) return WasmResult.NotFound;
      keep(core, 'shared queue messages', (dSize >>> 0) + 32, 'proxy_enqueue_shared_queue');
      const data = mem(core).read(dPtr, dSize, 'data');
      return enqueue(store, token >>> 0, data);
    },
  };
}
