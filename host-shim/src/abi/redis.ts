/**
 * Higress Redis callouts (HCH src/exports.cc redis_init / redis_call; HE127 Context::redisInit,
 * redisCall): cluster names may carry `?options`; unknown cluster → BadArgument; tokens 7, 11, ….
 */
import { text } from '../bytes.js';
import { currentCtx, rootOf, type HostCore } from '../core.js';
import { WasmResult } from '../symbols.js';
import { actingContext, calloutBytes, checkOutstanding, nextToken, remember, unknownCluster } from './http-calls.js';
import { mem, type HostFunctions } from './common.js';

export function redisFunctions(core: HostCore): HostFunctions {
  const clusterOf = (svc: string): string => svc.split('?')[0] ?? '';
  return {
    proxy_redis_init(sP: number, sS: number, uP: number, uS: number, pP: number, pS: number, timeout: number): number {
      const m = mem(core);
      const service = text(m.read(sP, sS, 'service'));
      const username = text(m.read(uP, uS, 'username'));
      const password = text(m.read(pP, pS, 'password'));
      const cluster = clusterOf(service);
      if (!core.opts.clusterExists(cluster)) return unknownCluster(core, 'proxy_redis_init', cluster, WasmResult.BadArgument);
      remember(core.callouts.redisClusters, { cluster: service, username, password, timeoutMs: timeout >>> 0 });
      return WasmResult.Ok;
    },
    proxy_redis_call(sP: number, sS: number, qP: number, qS: number, tokenPtr: number): number {
      const m = mem(core);
      const service = text(m.read(sP, sS, 'service'));
      const query = m.read(qP, qS, 'query');
      m.writeU32(tokenPtr, 0);
      if (!core.opts.clusterExists(clusterOf(service))) return unknownCluster(core, 'proxy_redis_call', clusterOf(service), WasmResult.BadArgument);
      checkOutstanding(core, 'Redis', core.callouts.redis.size, 'proxy_redis_call');
      const kept = calloutBytes([query.length, service.length]);
      core.budget.charge('HTTP/gRPC/Redis callouts', kept, `proxy_redis_call in ${core.vm.outerCallback()}`);
      const token = nextToken(core.callouts, 'redis');
      const info = {
        token,
        cluster: service,
        query,
        queryText: text(query),
        fromContext: actingContext(core),
        rootContextId: rootOf(core, currentCtx(core)).id,
        issuedAtMs: core.clock.nowMs,
      };
      core.callouts.redis.set(token, info);
      remember(core.callouts.history.redis, info, () => core.budget.release('HTTP/gRPC/Redis callouts', kept));
      m.writeU32(tokenPtr, token);
      return WasmResult.Ok;
    },
  };
}
