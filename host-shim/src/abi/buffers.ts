/**
 * Buffers by BufferType (src/exports.cc get_buffer_status/get_buffer_bytes/set_buffer_bytes;
 * Envoy Context::getBuffer, Buffer::copyFrom).
 */
import { concat, EMPTY } from '../bytes.js';
import { currentCtx, rootOf, type HostBuffer, type HostCore } from '../core.js';
import { BufferType, WasmResult } from '../symbols.js';
import { badEnum, keep, mem, type HostFunctions } from './common.js';

/** An immutable view (BufferBase::set(string_view)): copyFrom is BadArgument. */
export function constBuffer(data: Uint8Array): HostBuffer {
  return { bytes: () => data, mutable: false, replace: () => undefined };
}

/** Context::getBuffer: undefined means NotFound. */
export function getBuffer(core: HostCore, type: number): HostBuffer | undefined {
  const ctx = currentCtx(core);
  const root = rootOf(core, ctx);
  switch (type) {
    case BufferType.HttpRequestBody:
    case BufferType.HttpResponseBody:
      return ctx.kind === 'stream' ? ctx.access.body(type) : constBuffer(EMPTY);
    case BufferType.DownstreamData:
    case BufferType.UpstreamData:
      return constBuffer(EMPTY); // no TCP streams in this host: present, empty
    case BufferType.HttpCallResponseBody:
      return root.httpCallResponse === undefined ? undefined : constBuffer(root.httpCallResponse.body);
    case BufferType.GrpcReceiveBuffer:
      return constBuffer(root.grpcReceive ?? EMPTY);
    case BufferType.VmConfiguration:
      return constBuffer(core.opts.vmConfiguration);
    case BufferType.PluginConfiguration:
      return ctx.kind === 'root' && ctx.configReadable ? constBuffer(core.opts.pluginConfiguration) : undefined;
    case BufferType.CallData:
      return constBuffer(root.callData);
    case BufferType.RedisCallResponse:
      return constBuffer(root.redisResponse);
    default:
      return undefined;
  }
}

/** Envoy Buffer::copyFrom: start 0 drains `length` then prepends; start ≥ size appends; else BadArgument. */
export function copyFrom(buf: HostBuffer, start: number, length: number, data: Uint8Array): number {
  if (!buf.mutable) return WasmResult.BadArgument;
  const cur = buf.bytes();
  if (start === 0) {
    buf.replace(concat([data, cur.subarray(Math.min(length, cur.length))]));
    return WasmResult.Ok;
  }
  if (start >= cur.length) {
    buf.replace(concat([cur, data]));
    return WasmResult.Ok;
  }
  return WasmResult.BadArgument;
}

export function bufferFunctions(core: HostCore): HostFunctions {
  const tooBig = (_fn: string, type: number): boolean => type >>> 0 > core.profile.maxBufferType;
  return {
    proxy_get_buffer_status(type: number, lenPtr: number, flagsPtr: number): number {
      if (tooBig('proxy_get_buffer_status', type)) return badEnum(core, 'proxy_get_buffer_status', 'buffer_type', type);
      const buf = getBuffer(core, type);
      if (buf === undefined) return WasmResult.NotFound;
      mem(core).writeU32(lenPtr, buf.bytes().length);
      mem(core).writeU32(flagsPtr, 0); // flags are always 0 (EndOfStream is never set)
      return WasmResult.Ok;
    },
    proxy_get_buffer_bytes(type: number, start: number, maxSize: number, ptrPtr: number, sizePtr: number): number {
      if (tooBig('proxy_get_buffer_bytes', type)) return badEnum(core, 'proxy_get_buffer_bytes', 'buffer_type', type);
      const buf = getBuffer(core, type);
      if (buf === undefined) return WasmResult.NotFound;
      const s = start >>> 0;
      const len = maxSize >>> 0;
      const bytes = buf.bytes();
      const n = s > bytes.length ? 0 : Math.min(len, bytes.length - s);
      mem(core).copyOut(n === 0 ? EMPTY : bytes.slice(s, s + n), ptrPtr, sizePtr);
      return WasmResult.Ok;
    },
    proxy_set_buffer_bytes(type: number, start: number, length: number, dataPtr: number, dataSize: number): number {
      if (tooBig('proxy_set_buffer_bytes', type)) return badEnum(core, 'proxy_set_buffer_bytes', 'buffer_type', type);
      const buf = getBuffer(core, type);
      if (buf === undefined) return WasmResult.NotFound;
      mem(core).check(dataPtr, dataSize, 'data');
      if (buf.mutable) keep(core, 'HTTP bodies and buffers', dataSize >>> 0, 'proxy_set_buffer_bytes');
      const data = mem(core).read(dataPtr, dataSize, 'data');
      return copyFrom(buf, start >>> 0, length >>> 0, data);
    },
    /** ABI 0.1.0: plugin configuration while it is held, else the VM configuration (Context::getConfiguration). */
    proxy_get_configuration(ptrPtr: number, sizePtr: number): number {
      const ctx = currentCtx(core);
      const data = ctx.kind === 'root' && ctx.configReadable ? core.opts.pluginConfiguration : core.opts.vmConfiguration;
      mem(core).copyOut(data, ptrPtr, sizePtr);
      return WasmResult.Ok;
    },
  };
}
