/**
 * Header / trailer / metadata maps by MapType (src/exports.cc *_header_map_*; Envoy
 * Context::getMap / getConstMap / getHeaderMapValue). Status codes exactly as Envoy returns them.
 */
import { EMPTY, parsePairs, pairsToStrings, serializePairs, text, utf8 } from '../bytes.js';
import { currentCtx, rootOf, type HostCore } from '../core.js';
import type { HeaderMap } from '../header-map.js';
import { MapType, WasmResult } from '../symbols.js';
import { badEnum, keep, mem, type HostFunctions } from './common.js';

const MAX_MAP_TYPE = MapType.HttpCallResponseTrailers;

/** Context::getConstMap (read access). */
function constMap(core: HostCore, type: number): HeaderMap | undefined {
  const ctx = currentCtx(core);
  if (type <= 3) return ctx.kind === 'stream' ? ctx.access.constMap(type as 0 | 1 | 2 | 3) : undefined;
  const root = rootOf(core, ctx);
  if (type === MapType.GrpcReceiveInitialMetadata) return root.grpcInitialMetadata;
  if (type === MapType.GrpcReceiveTrailingMetadata) return root.grpcTrailingMetadata;
  if (type === MapType.HttpCallResponseHeaders) return root.httpCallResponse?.headers;
  return root.httpCallResponse?.trailers;
}

/** Context::getMap (write access): only the four HTTP stream maps are mutable. */
function mutableMap(core: HostCore, type: number): HeaderMap | undefined {
  const ctx = currentCtx(core);
  return type <= 3 && ctx.kind === 'stream' ? ctx.access.mutableMap(type as 0 | 1 | 2 | 3) : undefined;
}

function inAccessLog(core: HostCore): boolean {
  const ctx = currentCtx(core);
  return ctx.kind === 'stream' && ctx.access.accessLogPhase;
}

export function httpFieldFunctions(core: HostCore): HostFunctions {
  const checkType = (fn: string, type: number): number | undefined =>
    type >>> 0 > MAX_MAP_TYPE ? badEnum(core, fn, 'map_type', type) : undefined;
  const key = (ptr: number, size: number): string => text(mem(core).read(ptr, size, 'key'));
  const ABI_010 = (): boolean => core.abi === '0.1.0';

  return {
    proxy_get_header_map_value(type: number, kPtr: number, kSize: number, vPtrPtr: number, vSizePtr: number): number {
      const bad = checkType('proxy_get_header_map_value', type);
      if (bad !== undefined) return bad;
      const k = key(kPtr, kSize);
      const map = constMap(core, type);
      if (map === undefined) {
        if (!inAccessLog(core)) return WasmResult.BadArgument; // map not available now
        if (!ABI_010()) return WasmResult.NotFound;
        mem(core).copyOut(EMPTY, vPtrPtr, vSizePtr);
        return WasmResult.Ok;
      }
      const v = map.get(k);
      if (v === undefined) {
        if (!ABI_010()) return WasmResult.NotFound;
        mem(core).copyOut(EMPTY, vPtrPtr, vSizePtr); // 0.1.0: missing key is Ok ""
        return WasmResult.Ok;
      }
      mem(core).copyOut(utf8(v), vPtrPtr, vSizePtr);
      return WasmResult.Ok;
    },
    proxy_add_header_map_value(type: number, kPtr: number, kSize: number, vPtr: number, vSize: number): number {
      const bad = checkType('proxy_add_header_map_value', type);
      if (bad !== undefined) return bad;
      const map = mutableMap(core, type);
      mem(core).check(kPtr, kSize, 'key');
      mem(core).check(vPtr, vSize, 'value');
      if (map !== undefined) keep(core, 'header maps', (kSize >>> 0) + (vSize >>> 0) + 32, 'proxy_add_header_map_value');
      const k = key(kPtr, kSize);
      const v = text(mem(core).read(vPtr, vSize, 'value'));
      if (map === undefined) return WasmResult.BadArgument;
      map.add(k, v);
      return WasmResult.Ok;
    },
    proxy_replace_header_map_value(type: number, kPtr: number, kSize: number, vPtr: number, vSize: number): number {
      const bad = checkType('proxy_replace_header_map_value', type);
      if (bad !== undefined) return bad;
      const map = mutableMap(core, type);
      mem(core).check(kPtr, kSize, 'key');
      mem(core).check(vPtr, vSize, 'value');
      if (map !== undefined) keep(core, 'header maps', (kSize >>> 0) + (vSize >>> 0) + 32, 'proxy_replace_header_map_value');
      const k = key(kPtr, kSize);
      const v = text(mem(core).read(vPtr, vSize, 'value'));
      if (map === undefined) return WasmResult.BadArgument;
      map.replace(k, v);
      return WasmResult.Ok;
    },
    proxy_remove_header_map_value(type: number, kPtr: number, kSize: number): number {
      const bad = checkType('proxy_remove_header_map_value', type);
      if (bad !== undefined) return bad;
      const k = key(kPtr, kSize);
      const map = mutableMap(core, type);
      if (map === undefined) return WasmResult.BadArgument;
      map.remove(k);
      return WasmResult.Ok;
    },
    proxy_get_header_map_pairs(type: number, ptrPtr: number, sizePtr: number): number {
      const bad = checkType('proxy_get_header_map_pairs', type);
      if (bad !== undefined) return bad;
      const pairs = constMap(core, type)?.pairs() ?? [];
      // An empty or unavailable map is Ok with (0, 0), not a 4-byte zero count.
      mem(core).copyOut(pairs.length === 0 ? EMPTY : serializePairs(pairs), ptrPtr, sizePtr);
      return WasmResult.Ok;
    },
    proxy_set_header_map_pairs(type: number, ptr: number, size: number): number {
      const bad = checkType('proxy_set_header_map_pairs', type);
      if (bad !== undefined) return bad;
      const map = mutableMap(core, type);
      mem(core).check(ptr, size, 'pairs');
      if (map !== undefined) keep(core, 'header maps', (size >>> 0) * 2, 'proxy_set_header_map_pairs');
      const pairs = pairsToStrings(parsePairs(mem(core).read(ptr, size, 'pairs')));
      if (map === undefined) return WasmResult.BadArgument;
      map.setPairs(pairs); // malformed input parses to no pairs: the map is cleared, still Ok
      return WasmResult.Ok;
    },
    proxy_get_header_map_size(type: number, retPtr: number): number {
      const bad = checkType('proxy_get_header_map_size', type);
      if (bad !== undefined) return bad;
      const map = mutableMap(core, type); // Envoy uses getMap here, not getConstMap
      if (map === undefined) return WasmResult.BadArgument;
      mem(core).writeU32(retPtr, map.byteSize());
      return WasmResult.Ok;
    },
  };
}
