/**
 * Stream control hostcalls: continue / close / local reply and the Higress filter-chain extras
 * (src/exports.cc; Envoy Context::continueStream, closeStream, sendLocalResponse). The effects are
 * queued as after-VM-call actions by the stream itself.
 */
import { parsePairs, pairsToStrings, serializePairs, text } from '../bytes.js';
import { currentCtx, type HostCore } from '../core.js';
import { StreamType, WasmResult } from '../symbols.js';
import { badEnum, keep, mem, type HostFunctions } from './common.js';

export function streamFunctions(core: HostCore): HostFunctions {
  const stream = () => {
    const ctx = currentCtx(core);
    return ctx.kind === 'stream' ? ctx.access : undefined;
  };
  const cont = (type: number): number => stream()?.continueStream(type) ?? (type === StreamType.Upstream ? WasmResult.Unimplemented : WasmResult.Ok);
  return {
    proxy_continue_stream(type: number): number {
      if (type >>> 0 > StreamType.Upstream) return badEnum(core, 'proxy_continue_stream', 'stream_type', type);
      return cont(type);
    },
    proxy_close_stream(type: number): number {
      if (type >>> 0 > StreamType.Upstream) return badEnum(core, 'proxy_close_stream', 'stream_type', type);
      return stream()?.closeStream(type) ?? WasmResult.Ok;
    },
    proxy_continue_request: () => cont(StreamType.Request),
    proxy_continue_response: () => cont(StreamType.Response),
    proxy_clear_route_cache: () => WasmResult.Ok,
    proxy_send_local_response(
      status: number,
      dPtr: number,
      dSize: number,
      bPtr: number,
      bSize: number,
      hPtr: number,
      hSize: number,
      grpcStatus: number,
    ): number {
      const m = mem(core);
      m.check(dPtr, dSize, 'details');
      m.check(bPtr, bSize, 'body');
      m.check(hPtr, hSize, 'headers');
      keep(core, 'HTTP bodies and buffers', (bSize >>> 0) + (hSize >>> 0) * 2 + (dSize >>> 0), 'proxy_send_local_response');
      const details = text(m.read(dPtr, dSize, 'details'));
      const body = m.read(bPtr, bSize, 'body');
      const headers = pairsToStrings(parsePairs(m.read(hPtr, hSize, 'headers')));
      // exports.cc ignores Envoy's answer: the plugin always sees Ok and its callback is forced to stop.
      stream()?.sendLocalResponse({ status: status >>> 0, details, body, headers, grpcStatus });
      core.stopNextIteration = true;
      return WasmResult.Ok;
    },
    proxy_inject_encoded_data_to_filter_chain(bPtr: number, bSize: number, eos: number): number {
      mem(core).check(bPtr, bSize, 'body');
      keep(core, 'HTTP bodies and buffers', bSize >>> 0, 'proxy_inject_encoded_data_to_filter_chain');
      const body = mem(core).read(bPtr, bSize, 'body');
      stream()?.injectEncodedData(body, eos !== 0);
      return WasmResult.Ok; // result ignored by the host
    },
    proxy_set_upstream_override_host(aPtr: number, aSize: number): number {
      const addr = text(mem(core).read(aPtr, aSize, 'address'));
      stream()?.setUpstreamOverrideHost(addr);
      return WasmResult.Ok;
    },
    proxy_get_upstream_hosts(ptrPtr: number, sizePtr: number): number {
      const hosts = core.opts.upstreamHosts;
      mem(core).copyOut(hosts.length === 0 ? new Uint8Array(0) : serializePairs(hosts), ptrPtr, sizePtr);
      return WasmResult.Ok;
    },
  };
}
