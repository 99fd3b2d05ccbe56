/**
 * proxy_call_foreign_function (src/exports.cc call_foreign_function; Envoy/HE127 foreign.cc).
 * Which names exist is profile data; an unknown name is NotFound.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { HostExhausted } from '../budget.js';
import { text, u32le } from '../bytes.js';
import { currentCtx, type HostCore } from '../core.js';
import { LogLevel, WasmResult } from '../symbols.js';
import { mem, unimplemented, type HostFunctions } from './common.js';

type Foreign = (args: Uint8Array) => { result: number; data?: Uint8Array };

/** Reads the two fields of InjectEncodedDataToFilterChainArguments: body (1, bytes), endstream (2, bool). */
function parseInjectArgs(b: Uint8Array): { body: Uint8Array; eos: boolean } | undefined {
  let at = 0;
  let body = new Uint8Array(0);
  let eos = false;
  const varint = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const x = b[at++];
      if (x === undefined) throw new Error('truncated');
      v += (x & 0x7f) * 2 ** shift;
      if ((x & 0x80) === 0) return v;
      shift += 7;
    }
  };
  try {
    while (at < b.length) {
      const tag = varint();
      const wire = tag & 7;
      if (wire === 2) {
        const n = varint();
        if (at + n > b.length) return undefined;
        if (tag >>> 3 === 1) body = b.slice(at, at + n);
        at += n;
      } else if (wire === 0) {
        const v = varint();
        if (tag >>> 3 === 2) eos = v !== 0;
      } else return undefined;
    }
  } catch {
    return undefined;
  }
  return { body, eos };
}

function implementations(core: HostCore): Readonly<Record<string, Foreign>> {
  return {
    compress: (a) => ({ result: WasmResult.Ok, data: new Uint8Array(deflateSync(a)) }),
    uncompress: (a) => {
      // Output limit: what the host memory budget has left (a small deflate bomb expands ~1000x).
      const limit = Math.max(1, core.budget.remaining());
      try {
        return { result: WasmResult.Ok, data: new Uint8Array(inflateSync(a, { maxOutputLength: limit })) };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new HostExhausted('memory', `uncompress (proxy_call_foreign_function) in ${core.vm.outerCallback()} expands ${a.length} bytes past ${limit} bytes, what the host memory budget has left (a decompression bomb; --host-memory)`);
        }
        return { result: WasmResult.SerializationFailure };
      }
    },
    // Accepted without a schema: the filter state the plugin writes stays bytes.
    declare_property: () => ({ result: WasmResult.Ok }),
    get_log_level: () => ({ result: WasmResult.Ok, data: u32le(LogLevel[core.opts.logLevel]) }),
    set_global_max_requests_per_io_cycle: () => ({ result: WasmResult.Ok }),
    inject_encoded_data_to_filter_chain_on_header: (a) => {
      const args = parseInjectArgs(a);
      if (args === undefined) return { result: WasmResult.BadArgument };
      const ctx = currentCtx(core);
      if (ctx.kind === 'stream') core.posted.push(() => ctx.access.injectEncodedData(args.body, args.eos));
      return { result: WasmResult.Ok };
    },
  };
}

export function ffiFunctions(core: HostCore): HostFunctions {
  const impls = implementations(core);
  return {
    proxy_call_foreign_function(nPtr: number, nSize: number, aPtr: number, aSize: number, rPtr: number, rSizePtr: number): number {
      const m = mem(core);
      const name = text(m.read(nPtr, nSize, 'function name'));
      const args = m.read(aPtr, aSize, 'arguments');
      if (!core.profile.foreignFunctions.includes(name)) return WasmResult.NotFound;
      const f = impls[name];
      if (f === undefined) return unimplemented(core, `foreign function ${name}`);
      const out = f(args);
      // The result block is allocated only when the caller asked for it (results != 0).
      let address = 0;
      const size = out.data?.length ?? 0;
      if (out.data !== undefined && rPtr !== 0 && size > 0) {
        address = m.allocate(size);
        m.write(address, out.data);
      }
      if (rPtr !== 0) m.writeU32(rPtr, address);
      if (rSizePtr !== 0) m.writeU32(rSizePtr, size);
      return out.result;
    },
  };
}
