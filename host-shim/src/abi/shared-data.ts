/**
 * Shared key/value data, process-wide and keyed by vm_id (src/shared_data.cc): every write gets a
 * new non-zero cas; a non-zero cas that differs from the stored one is CasMismatch.
 */
import { text } from '../bytes.js';
import type { HostCore } from '../core.js';
import { WasmResult } from '../symbols.js';
import type { SharedStore } from '../types.js';
import { keep, mem, type HostFunctions } from './common.js';

export interface QueueState {
  readonly vmId: string;
  readonly name: string;
  readonly items: Uint8Array[];
  /** Posts proxy_on_queue_ready(root, token) on the registering host. */
  notify: (token: number) => void;
}

export interface SharedStoreImpl extends SharedStore {
  readonly data: Map<string, Map<string, { value: Uint8Array; cas: number }>>;
  cas: number;
  readonly queues: Map<number, QueueState>;
  readonly queueTokens: Map<string, number>;
  nextQueueToken: number;
}

/** A store that several hosts may share, as workers of one Envoy process share theirs. */
export function createSharedStore(): SharedStore {
  const s: SharedStoreImpl = { kind: 'shared-store', data: new Map(), cas: 0, queues: new Map(), queueTokens: new Map(), nextQueueToken: 1 };
  return s;
}

export function asStoreImpl(s: SharedStore | undefined): SharedStoreImpl {
  return (s ?? createSharedStore()) as SharedStoreImpl;
}

function nextCas(s: SharedStoreImpl): number {
  s.cas = (s.cas + 1) >>> 0;
  if (s.cas === 0) s.cas = 1;
  return s.cas;
}

export function sharedDataOf(core: HostCore): Map<string, { value: Uint8Array; cas: number }> {
  let m = core.store.data.get(core.opts.vmId);
  if (m === undefined) {
    m = new Map();
    core.store.data.set(core.opts.vmId, m);
  }
  return m;
}

export function sharedDataFunctions(core: HostCore): HostFunctions {
  return {
    proxy_get_shared_data(kPtr: number, kSize: number, vPtrPtr: number, vSizePtr: number, casPtr: number): number {
      const key = text(mem(core).read(kPtr, kSize, 'key'));
      const e = sharedDataOf(core).get(key);
      if (e === undefined) return WasmResult.NotFound;
      mem(core).copyOut(e.value, vPtrPtr, vSizePtr);
      mem(core).writeU32(casPtr, e.cas);
      return WasmResult.Ok;
    },
    proxy_set_shared_data(kPtr: number, kSize: number, vPtr: number, vSize: number, cas: number): number {
      mem(core).check(kPtr, kSize, 'key');
      mem(core).check(vPtr, vSize, 'value');
      // Charged before the copy: a key or value the budget cannot hold is never copied.
      keep(core, 'shared data', (kSize >>> 0) * 2 + (vSize >>> 0) + 64, 'proxy_set_shared_data');
      const key = text(mem(core).read(kPtr, kSize, 'key'));
      const value = mem(core).read(vPtr, vSize, 'value');
      const map = sharedDataOf(core);
      const e = map.get(key);
      if (e !== undefined && cas >>> 0 !== 0 && cas >>> 0 !== e.cas) {
        core.budget.release('shared data', (kSize >>> 0) * 2 + (vSize >>> 0) + 64);
        return WasmResult.CasMismatch;
      }
      if (e !== undefined) core.budget.release('shared data', key.length * 2 + e.value.length + 64);
      map.set(key, { value, cas: nextCas(core.store) });
      return WasmResult.Ok;
    },
  };
}
