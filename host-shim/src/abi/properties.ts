/**
 * proxy_get_property / proxy_set_property (Envoy Context::getProperty, findValue, setProperty,
 * serializeValue). Paths are NUL-separated segments; values are binary-encoded.
 */
import { f64le, serializePairs, text, u64le, utf8 } from '../bytes.js';
import { currentCtx, type Ctx, type HostCore } from '../core.js';
import { WasmResult } from '../symbols.js';
import type { PropertyValue } from '../types.js';
import { keep, mem, type HostFunctions } from './common.js';

/** CEL wrappers whose ListKeys() is unimplemented: the bare name cannot be serialized. */
const UNLISTABLE = new Set(['request', 'response', 'connection', 'upstream', 'source', 'destination', 'filter_state', 'xds']);
/** What a root context (no stream info) can resolve. */
const ROOT_TOP_LEVEL = new Set(['node', 'listener_direction', 'listener_metadata', 'plugin_name', 'plugin_root_id', 'plugin_vm_id']);

/** serializeValue: strings raw, integers 8-byte LE, doubles IEEE LE, bools 1 byte, maps as pairs. */
export function encodeProperty(v: PropertyValue): Uint8Array {
  if (typeof v === 'string') return utf8(v);
  if (typeof v === 'bigint') return u64le(v);
  if (typeof v === 'number') return Number.isInteger(v) ? u64le(BigInt(v)) : f64le(v);
  if (typeof v === 'boolean') return new Uint8Array([v ? 1 : 0]);
  if (v instanceof Uint8Array) return v;
  return serializePairs(v);
}

/** Splits a path on NUL; a trailing NUL is tolerated (Envoy stops at the end). */
export function splitPath(raw: Uint8Array): string[] {
  const parts = text(raw).split('\0');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

type Lookup = Uint8Array | 'not-found' | 'serialization-failure';

/** Resolves a property like Envoy 1.27 / Higress for the current context. */
export function lookupProperty(core: HostCore, ctx: Ctx, segs: readonly string[]): Lookup {
  const top = segs[0] ?? '';
  if (segs.length === 0 || top === '') return 'not-found';
  if (ctx.kind === 'stream') {
    const v = ctx.access.streamProperty(segs);
    if (v === 'serialization-failure') return v;
    if (v !== undefined) return encodeProperty(v);
  }
  if (top === 'plugin_name') return segs.length === 1 ? utf8(core.opts.pluginName) : 'not-found';
  if (top === 'plugin_root_id') return segs.length === 1 ? utf8(core.opts.rootId) : 'not-found';
  if (top === 'plugin_vm_id') return segs.length === 1 ? utf8(core.opts.vmId) : 'not-found';
  if (ctx.kind === 'stream' || ROOT_TOP_LEVEL.has(top)) {
    const v = fromMap(core.opts.properties, segs);
    if (v !== undefined) return v;
  }
  if (segs.length === 1 && UNLISTABLE.has(top) && ctx.kind === 'stream') return 'serialization-failure';
  if (ctx.kind === 'stream') {
    const fs = ctx.access.filterState.get(top);
    if (fs !== undefined) return segs.length === 1 ? fs : 'not-found';
  }
  return 'not-found';
}

/** Exact dotted path, or a map value indexed by the remaining segment. */
function fromMap(props: Readonly<Record<string, PropertyValue>>, segs: readonly string[]): Uint8Array | undefined {
  const exact = props[segs.join('.')];
  if (exact !== undefined) return encodeProperty(exact);
  for (let i = segs.length - 1; i > 0; i--) {
    const v = props[segs.slice(0, i).join('.')];
    if (v === undefined) continue;
    if (Array.isArray(v) && i === segs.length - 1) {
      const hit = (v as ReadonlyArray<readonly [string, string]>).find(([k]) => k === segs[i]);
      return hit === undefined ? undefined : utf8(hit[1]);
    }
    return undefined;
  }
  return undefined;
}

export function propertyFunctions(core: HostCore): HostFunctions {
  return {
    proxy_get_property(pPtr: number, pSize: number, vPtrPtr: number, vSizePtr: number): number {
      const segs = splitPath(mem(core).read(pPtr, pSize, 'path'));
      const r = lookupProperty(core, currentCtx(core), segs);
      if (r === 'not-found') return WasmResult.NotFound;
      if (r === 'serialization-failure') return WasmResult.SerializationFailure;
      mem(core).copyOut(r, vPtrPtr, vSizePtr);
      return WasmResult.Ok;
    },
    proxy_set_property(pPtr: number, pSize: number, vPtr: number, vSize: number): number {
      mem(core).check(pPtr, pSize, 'path');
      mem(core).check(vPtr, vSize, 'value');
      const ctx = currentCtx(core);
      if (ctx.kind === 'stream') keep(core, 'HTTP bodies and buffers', (pSize >>> 0) * 2 + (vSize >>> 0) + 32, 'proxy_set_property');
      const path = text(mem(core).read(pPtr, pSize, 'path'));
      const value = mem(core).read(vPtr, vSize, 'value');
      if (ctx.kind !== 'stream') return WasmResult.NotFound; // root contexts have no stream info
      ctx.access.filterState.set(path, value);
      return WasmResult.Ok;
    },
  };
}
