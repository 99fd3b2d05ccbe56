/** Test helpers: assemble WAT plugins with wabt and build hosts around them. */
import wabtInit from 'wabt';
import { createHost, type Host, type HostId, type HostOptions } from 'proxy-wasm-host-mock';

const wabt = await wabtInit();

export function wat(source: string): Uint8Array {
  const mod = wabt.parseWat('test.wat', source, { multi_value: true, bulk_memory: true });
  try {
    mod.resolveNames();
    mod.validate();
    return new Uint8Array(mod.toBinary({ log: false, write_debug_names: true }).buffer);
  } finally {
    mod.destroy();
  }
}

export interface PluginSpec {
  /** ABI marker, e.g. '0_2_1'; '' for none. */
  readonly abi?: string;
  /** Extra `(import …)` lines (after the default proxy_log import). */
  readonly imports?: string;
  /** Extra module fields: functions, exports, data. */
  readonly body?: string;
  /** Omit the malloc export (allocator tests). */
  readonly noMalloc?: boolean;
}

/**
 * A plugin skeleton: memory (2 pages, exported), a bump allocator `malloc` from 64 KiB that grows
 * memory, the ABI marker, `$log` (level, ptr, len) and `$i` helpers. Scratch: 0..1023 out-params,
 * 1024.. data strings.
 */
export function plugin(spec: PluginSpec = {}): Uint8Array {
  const abi = spec.abi ?? '0_2_1';
  return wat(`(module
  (import "env" "proxy_log" (func $proxy_log (param i32 i32 i32) (result i32)))
  ${spec.imports ?? ''}
  (memory (export "memory") 2)
  (global $heap (mut i32) (i32.const 65536))
  (global $allocs (export "allocs") (mut i32) (i32.const 0))
  (func $malloc (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (i32.and (i32.add (local.get $n) (i32.const 7)) (i32.const -8))))
    (global.set $allocs (i32.add (global.get $allocs) (i32.const 1)))
    (block $ok
      (br_if $ok (i32.le_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536))))
      (drop (memory.grow (i32.add (i32.const 1) (i32.div_u (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536))) (i32.const 65536))))))
    (local.get $p))
  ${spec.noMalloc ? '' : '(export "malloc" (func $malloc))'}
  ${abi === '' ? '' : `(func (export "proxy_abi_version_${abi}"))`}
  (func $i32 (param $p i32) (result i32) (i32.load (local.get $p)))
  ${spec.body ?? ''}
)`);
}

export function host(id: HostId, module: Uint8Array, opts: Partial<HostOptions> = {}): Host {
  return createHost(id, { ...opts, module });
}

export function booted(id: HostId, module: Uint8Array, opts: Partial<HostOptions> = {}): Host {
  const h = host(id, module, opts);
  const r = h.boot();
  if (!r.ok) throw new Error(`boot failed: ${JSON.stringify(r.stages)}`);
  return h;
}

/** Reads an i32 global exported by a test module (results the WAT code stored). */
export function str(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

export const GET: ReadonlyArray<readonly [string, string]> = [
  [':method', 'GET'],
  [':path', '/'],
  [':authority', 'example.com'],
  [':scheme', 'http'],
];

export const POST: ReadonlyArray<readonly [string, string]> = [
  [':method', 'POST'],
  [':path', '/v1/chat/completions'],
  [':authority', 'api.example.com'],
  [':scheme', 'https'],
  ['content-type', 'application/json'],
];
