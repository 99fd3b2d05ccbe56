/**
 * proxy_http_call and the callout bookkeeping shared with gRPC and Redis (src/exports.cc
 * http_call; Envoy Context::httpCall; token spaces of include/proxy-wasm/wasm.h, kCalloutIncrement 4).
 */
import { parsePairs, pairsToStrings, text } from '../bytes.js';
import { currentCtx, rootOf, type HostCore } from '../core.js';
import { HeaderMap } from '../header-map.js';
import { WasmResult } from '../symbols.js';
import { HostExhausted } from '../budget.js';
import type { GrpcCallInfo, HttpCallInfo, RedisCallInfo, RedisClusterInfo } from '../types.js';
import { mem, type HostFunctions } from './common.js';

/** Kept history per kind, so a plugin that calls out in a loop cannot exhaust memory. */
export const HISTORY_LIMIT = 1000;

/**
 * Callouts of one kind outstanding at once. Envoy's default circuit breaker of a cluster allows
 * 1024 requests at once (envoy/api/envoy/config/cluster/v3/circuit_breaker.proto, max_requests);
 * a plugin past that has callouts that fan out without bound: a host limit (WV3013).
 */
export const MAX_OUTSTANDING = 1024;

/** Refuses one more outstanding callout past MAX_OUTSTANDING (throws HostExhausted). */
export function checkOutstanding(core: HostCore, kind: string, outstanding: number, fn: string): void {
  if (outstanding < MAX_OUTSTANDING) return;
  throw new HostExhausted('memory', `${fn} in ${core.vm.outerCallback()} started a ${kind} call with ${MAX_OUTSTANDING} already outstanding (Envoy's default circuit breaker, max_requests 1024, refuses more): callouts that start more callouts without bound`);
}

export interface GrpcState extends GrpcCallInfo {
  sent: Uint8Array[];
  localClosed: boolean;
}

export interface Callouts {
  /** Last token issued per kind: HTTP 4, 8…; gRPC call 5, 9…; gRPC stream 6, 10…; Redis 7, 11…. */
  readonly last: { http: number; grpcCall: number; grpcStream: number; redis: number };
  readonly http: Map<number, HttpCallInfo>;
  readonly grpc: Map<number, GrpcState>;
  readonly redis: Map<number, RedisCallInfo>;
  readonly history: { http: HttpCallInfo[]; grpc: GrpcCallInfo[]; redis: RedisCallInfo[] };
  readonly redisClusters: RedisClusterInfo[];
}

export function newCallouts(): Callouts {
  return {
    last: { http: 0, grpcCall: 1, grpcStream: 2, redis: 3 },
    http: new Map(),
    grpc: new Map(),
    redis: new Map(),
    history: { http: [], grpc: [], redis: [] },
    redisClusters: [],
  };
}

export function nextToken(c: Callouts, kind: keyof Callouts['last']): number {
  c.last[kind] = (c.last[kind] + 4) >>> 0;
  return c.last[kind];
}

/** Keeps `item` in a bounded history; `onDrop` is told when the oldest one is dropped. */
export function remember<T>(list: T[], item: T, onDrop?: (old: T) => void): void {
  list.push(item);
  if (list.length > HISTORY_LIMIT) {
    const old = list.shift();
    if (old !== undefined) onDrop?.(old);
  }
}

/** Bytes a callout keeps (charged when issued, released when its history entry is dropped). */
export function calloutBytes(sizes: readonly number[]): number {
  return sizes.reduce((n, s) => n + (s >>> 0), 0) * 2 + 128;
}

/** Envoy Context::httpCall (and grpc, redis): a cluster the cluster manager does not know. */
export function unknownCluster(core: HostCore, fn: string, cluster: string, status: number): number {
  if (!core.notes.some((n) => n.kind === 'unknown_cluster' && n.cluster === cluster && n.fn === fn)) {
    core.notes.push({ kind: 'unknown_cluster', fn, cluster, callback: core.vm.outerCallback() });
  }
  return status;
}

/** The stream (or root) the plugin was acting for: the effective context if set. */
export function actingContext(core: HostCore): number {
  return core.effectiveContextId || core.currentContextId;
}

export function httpCallFunctions(core: HostCore): HostFunctions {
  return {
    proxy_http_call(
      uPtr: number,
      uSize: number,
      hPtr: number,
      hSize: number,
      bPtr: number,
      bSize: number,
      tPtr: number,
      tSize: number,
      timeoutMs: number,
      tokenPtr: number,
    ): number {
      const m = mem(core);
      m.check(uPtr, uSize, 'upstream');
      m.check(hPtr, hSize, 'headers');
      m.check(bPtr, bSize, 'body');
      m.check(tPtr, tSize, 'trailers');
      checkOutstanding(core, 'HTTP', core.callouts.http.size, 'proxy_http_call');
      const kept = calloutBytes([uSize, hSize, bSize, tSize]);
      // Charged to the run (not to a stream): released when the call leaves the history.
      core.budget.charge('HTTP/gRPC/Redis callouts', kept, `proxy_http_call in ${core.vm.outerCallback()}`);
      const refused = (r: number): number => (core.budget.release('HTTP/gRPC/Redis callouts', kept), r);
      const cluster = text(m.read(uPtr, uSize, 'upstream'));
      const body = m.read(bPtr, bSize, 'body');
      const headers = new HeaderMap(pairsToStrings(parsePairs(m.read(hPtr, hSize, 'headers'))));
      const trailers = pairsToStrings(parsePairs(m.read(tPtr, tSize, 'trailers')));
      m.writeU32(tokenPtr, 0); // the host verifies the token memory before starting the call
      const root = rootOf(core, currentCtx(core));
      if ((timeoutMs | 0) < 0) return refused(WasmResult.BadArgument);
      if (!core.opts.clusterExists(cluster)) return refused(unknownCluster(core, 'proxy_http_call', cluster, WasmResult.BadArgument));
      if (headers.get(':path') === undefined || headers.get(':method') === undefined || headers.get(':authority') === undefined) {
        return refused(WasmResult.BadArgument);
      }
      if (body.length > 0) headers.replace('content-length', String(body.length));
      const token = nextToken(core.callouts, 'http');
      const info: HttpCallInfo = {
        token,
        cluster,
        headers: headers.pairs(),
        body,
        trailers,
        timeoutMs: timeoutMs >>> 0,
        fromContext: actingContext(core),
        rootContextId: root.id,
        issuedAtMs: core.clock.nowMs,
      };
      core.callouts.http.set(token, info);
      remember(core.callouts.history.http, info, () => core.budget.release('HTTP/gRPC/Redis callouts', kept));
      m.writeU32(tokenPtr, token);
      return WasmResult.Ok;
    },
  };
}
