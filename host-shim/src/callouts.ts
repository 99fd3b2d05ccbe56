/**
 * Delivering what the plugin waits for: HTTP / gRPC / Redis responses and queue notifications,
 * always to the root context, with the response readable only during the callback (Envoy
 * Context::onHttpCallSuccess / onHttpCallFailure / onGrpc*Wrapper / onRedisCallSuccess).
 */
import { EMPTY, toBytes } from './bytes.js';
import type { HostCore, RootCtx } from './core.js';
import { HeaderMap } from './header-map.js';
import { WasmResult } from './symbols.js';
import type { GrpcResponse, HttpCallResponse } from './types.js';

function rootCtx(core: HostCore, id: number): RootCtx | undefined {
  const c = core.contexts.get(id);
  return c?.kind === 'root' && !c.deleted ? c : undefined;
}

export function deliverHttpResponse(core: HostCore, token: number, resp: HttpCallResponse | 'reset'): void {
  const info = core.callouts.http.get(token);
  if (info === undefined) throw new RangeError(`no HTTP call in flight with token ${token}`);
  core.callouts.http.delete(token);
  const root = rootCtx(core, info.rootContextId);
  if (root === undefined || core.vm.failure !== undefined) return;
  if (resp === 'reset') {
    root.status = { code: WasmResult.BrokenConnection, message: 'reset' };
    core.deferred.push(() => void (root.status = { code: root.status.code, message: '' }));
    core.vm.invokeCallback('proxy_on_http_call_response', [root.id, token, 0, 0, 0], root.id);
    return;
  }
  const headers = new HeaderMap(resp.headers);
  const trailers = resp.trailers === undefined || resp.trailers.length === 0 ? undefined : new HeaderMap(resp.trailers);
  const body = resp.body === undefined ? EMPTY : toBytes(resp.body);
  root.httpCallResponse = { headers, trailers, body };
  core.deferred.push(() => void (root.httpCallResponse = undefined));
  core.vm.invokeCallback('proxy_on_http_call_response', [root.id, token, headers.size, body.length, trailers?.size ?? 0], root.id);
}

export function deliverGrpc(core: HostCore, token: number, resp: GrpcResponse): void {
  const st = core.callouts.grpc.get(token);
  if (st === undefined) throw new RangeError(`no gRPC call or stream in flight with token ${token}`);
  core.callouts.grpc.delete(token);
  const root = rootCtx(core, st.rootContextId);
  if (root === undefined) return;
  const vm = core.vm;
  const call = (name: string, args: number[]): void => {
    if (vm.failure === undefined) vm.invokeCallback(name, [root.id, token, ...args], root.id);
  };
  if (resp.initialMetadata !== undefined) {
    root.grpcInitialMetadata = new HeaderMap(resp.initialMetadata);
    call('proxy_on_grpc_receive_initial_metadata', [root.grpcInitialMetadata.size]);
    root.grpcInitialMetadata = undefined;
  }
  for (const m of resp.messages ?? []) {
    const bytes = toBytes(m);
    root.grpcReceive = bytes;
    call('proxy_on_grpc_receive', [bytes.length]);
    root.grpcReceive = undefined;
  }
  if (resp.trailingMetadata !== undefined) {
    root.grpcTrailingMetadata = new HeaderMap(resp.trailingMetadata);
    call('proxy_on_grpc_receive_trailing_metadata', [root.grpcTrailingMetadata.size]);
    root.grpcTrailingMetadata = undefined;
  }
  root.status = { code: resp.status >>> 0, message: resp.statusMessage ?? '' };
  core.deferred.push(() => void (root.status = { code: root.status.code, message: '' }));
  call('proxy_on_grpc_close', [resp.status >>> 0]);
}

export function deliverRedis(core: HostCore, token: number, resp: Uint8Array, status: number): void {
  const info = core.callouts.redis.get(token);
  if (info === undefined) throw new RangeError(`no Redis call in flight with token ${token}`);
  core.callouts.redis.delete(token);
  const root = rootCtx(core, info.rootContextId);
  if (root === undefined || core.vm.failure !== undefined) return;
  if (status !== 0) {
    root.status = { code: WasmResult.BrokenConnection, message: 'reset' };
    core.deferred.push(() => void (root.status = { code: root.status.code, message: '' }));
    core.vm.invokeCallback('proxy_on_redis_call_response', [root.id, token, status, 0], root.id);
    return;
  }
  root.redisResponse = resp;
  core.deferred.push(() => void (root.redisResponse = EMPTY));
  core.vm.invokeCallback('proxy_on_redis_call_response', [root.id, token, 0, resp.length], root.id);
}
