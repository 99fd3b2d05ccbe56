/**
 * gRPC calls and streams, mockable by the caller (src/exports.cc grpc_*; Envoy Context::grpcCall,
 * grpcStream, grpcSend, grpcClose, grpcCancel). `service` is a cluster name here; a serialized
 * GrpcService proto is taken as is (its cluster is not checked).
 */
import { parsePairs, pairsToStrings, text } from '../bytes.js';
import { currentCtx, rootOf, type HostCore } from '../core.js';
import { WasmResult } from '../symbols.js';
import { actingContext, calloutBytes, checkOutstanding, nextToken, remember, unknownCluster, type GrpcState } from './http-calls.js';
import { mem, type HostFunctions } from './common.js';

/** Token kinds follow the low bits: calls ≡ 1 (mod 4), streams ≡ 2 (mod 4). */
const isCall = (t: number): boolean => (t & 3) === 1;
const isStream = (t: number): boolean => (t & 3) === 2;

/** A cluster name is printable; anything else is taken for a serialized GrpcService proto. */
function looksLikeClusterName(s: Uint8Array): boolean {
  return s.length > 0 && s.every((b) => b >= 0x20 && b < 0x7f);
}

export function grpcFunctions(core: HostCore): HostFunctions {
  const start = (kind: 'call' | 'stream', svc: Uint8Array, sn: string, method: string, md: Uint8Array, msg: Uint8Array, timeout: number): number | GrpcState => {
    const service = text(svc);
    if (looksLikeClusterName(svc) && !core.opts.clusterExists(service)) return unknownCluster(core, `proxy_grpc_${kind}`, service, WasmResult.ParseFailure);
    checkOutstanding(core, 'gRPC', core.callouts.grpc.size, `proxy_grpc_${kind}`);
    const kept = calloutBytes([svc.length, md.length, msg.length, sn.length, method.length]);
    core.budget.charge('HTTP/gRPC/Redis callouts', kept, `proxy_grpc_${kind} in ${core.vm.outerCallback()}`);
    const token = nextToken(core.callouts, kind === 'call' ? 'grpcCall' : 'grpcStream');
    const st: GrpcState = {
      token,
      kind,
      service,
      serviceName: sn,
      method,
      initialMetadata: pairsToStrings(parsePairs(md)),
      message: msg,
      sent: [],
      timeoutMs: timeout >>> 0,
      fromContext: actingContext(core),
      rootContextId: rootOf(core, currentCtx(core)).id,
      issuedAtMs: core.clock.nowMs,
      localClosed: false,
    };
    core.callouts.grpc.set(token, st);
    remember(core.callouts.history.grpc, st, (old) => core.budget.release('HTTP/gRPC/Redis callouts', kept + (old as GrpcState).sent.reduce((n, m) => n + m.length, 0)));
    return st;
  };
  return {
    proxy_grpc_call(sP: number, sS: number, nP: number, nS: number, mP: number, mS: number, iP: number, iS: number, rP: number, rS: number, timeout: number, tokenPtr: number): number {
      const m = mem(core);
      const r = start('call', m.read(sP, sS), text(m.read(nP, nS)), text(m.read(mP, mS)), m.read(iP, iS), m.read(rP, rS), timeout);
      if (typeof r === 'number') return r;
      m.writeU32(tokenPtr, r.token);
      return WasmResult.Ok;
    },
    proxy_grpc_stream(sP: number, sS: number, nP: number, nS: number, mP: number, mS: number, iP: number, iS: number, tokenPtr: number): number {
      const m = mem(core);
      const r = start('stream', m.read(sP, sS), text(m.read(nP, nS)), text(m.read(mP, mS)), m.read(iP, iS), new Uint8Array(0), 0);
      if (typeof r === 'number') return r;
      m.writeU32(tokenPtr, r.token);
      return WasmResult.Ok;
    },
    proxy_grpc_send(token: number, mP: number, mS: number, _eos: number): number {
      const msg = mem(core).read(mP, mS, 'message');
      if (!isStream(token >>> 0)) return WasmResult.BadArgument;
      const st = core.callouts.grpc.get(token >>> 0);
      if (st === undefined) return WasmResult.NotFound;
      core.budget.charge('HTTP/gRPC/Redis callouts', msg.length, `proxy_grpc_send in ${core.vm.outerCallback()}`);
      st.sent.push(msg);
      return WasmResult.Ok;
    },
    proxy_grpc_close(token: number): number {
      const t = token >>> 0;
      if (!isCall(t) && !isStream(t)) return WasmResult.BadArgument;
      const st = core.callouts.grpc.get(t);
      if (st === undefined) return WasmResult.NotFound;
      if (isCall(t)) core.callouts.grpc.delete(t);
      else st.localClosed = true;
      return WasmResult.Ok;
    },
    proxy_grpc_cancel(token: number): number {
      const t = token >>> 0;
      if (!isCall(t) && !isStream(t)) return WasmResult.BadArgument;
      if (!core.callouts.grpc.delete(t)) return WasmResult.NotFound;
      return WasmResult.Ok;
    },
  };
}
