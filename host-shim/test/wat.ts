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

import { HOST_FUNCTIONS, WASI_FUNCTIONS, type Signature } from 'proxy-wasm-host-mock';

function sigWat(s: Signature): string {
  const p = s.params.length === 0 ? '' : ` (param ${s.params.join(' ')})`;
  const r = s.results.length === 0 ? '' : ` (result ${s.results.join(' ')})`;
  return p + r;
}

/** `(import "env" "<name>" (func $<name> …))` for each name, with the table's signature. */
export function imports(...names: string[]): string {
  return names
    .map((n) => {
      const f = HOST_FUNCTIONS.find((x) => x.name === n);
      if (f !== undefined) return `(import "env" "${n}" (func $${n}${sigWat(f.signature)}))`;
      const w = WASI_FUNCTIONS.find((x) => x.name === n);
      if (w !== undefined) return `(import "wasi_snapshot_preview1" "${n}" (func $${n}${sigWat(w.signature)}))`;
      throw new Error(`unknown import ${n}`);
    })
    .join('\n');
}

/** Static data laid out from offset 1024; each helper returns `(i32.const ptr) (i32.const len)`. */
export class Data {
  private readonly segs: string[] = [];
  private at = 1024;

  bytes(b: Uint8Array): string {
    const ptr = this.at;
    const esc = [...b].map((x) => `\\${x.toString(16).padStart(2, '0')}`).join('');
    this.segs.push(`(data (i32.const ${ptr}) "${esc}")`);
    this.at += b.length + 8 - (b.length % 8);
    return `(i32.const ${ptr}) (i32.const ${b.length})`;
  }

  str(s: string): string {
    return this.bytes(new TextEncoder().encode(s));
  }

  /** Like str, but returns the numbers. */
  place(s: string): { ptr: number; len: number } {
    const [ptr, len] = [...this.str(s).matchAll(/const (\d+)/g)].map((m) => Number(m[1]));
    return { ptr: ptr ?? 0, len: len ?? 0 };
  }

  pairs(p: ReadonlyArray<readonly [string, string]>): string {
    return this.bytes(serializePairs(p));
  }

  get wat(): string {
    return this.segs.join('\n');
  }
}

import { serializePairs } from 'proxy-wasm-host-mock';

/** Return codes the host gave to `env.<fn>` (or `wasi…<fn>`), in call order, from the trace. */
export function returns(h: Host, fn: string): number[] {
  const out: number[] = [];
  for (const e of h.trace) {
    if (e.dir !== 'vm<-host') continue;
    // A log call's return line ends with what it logged: `return: 0 (warn "…")`.
    const m = /^(\S+)\.(\S+) return: (\d+)( \(.*\))?$/.exec(e.text);
    if (m && m[2] === fn) out.push(Number(m[3]));
  }
  return out;
}

/** Messages the plugin logged with proxy_log, in order. */
export function logged(h: Host): string[] {
  return h.getCurrentLogs().filter((l) => l.source === 'proxy_log').map((l) => l.message);
}

/** WAT: log the (ptr, size) pair a hostcall wrote at scratch offsets `p` and `p + 4`. */
export function logOut(p = 0): string {
  return `(drop (call $proxy_log (i32.const 2) (i32.load (i32.const ${p})) (i32.load (i32.const ${p + 4}))))`;
}

/** WAT: log the decimal value of an i32 expression (0..99999). */
export const LOG_I32 = `
  (func $logi (param $v i32)
    (local $i i32)
    (local.set $i (i32.const 900))
    (loop $l
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (i32.store8 (local.get $i) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $l (i32.ne (local.get $v) (i32.const 0))))
    (drop (call $proxy_log (i32.const 2) (local.get $i) (i32.sub (i32.const 900) (local.get $i)))))`;

/**
 * Runs `body` (WAT statements) once inside proxy_on_tick on the root context (id 1) and returns
 * the host. `imports` are the hostcalls the body uses; `$logi` logs an i32 in decimal.
 */
export function onRoot(id: HostId, names: string[], body: string, opts: Partial<HostOptions> & { data?: Data; abi?: string; extra?: string } = {}): Host {
  const { data, abi, extra, ...hostOpts } = opts;
  const m = plugin({
    ...(abi === undefined ? {} : { abi }),
    imports: imports(...new Set(['proxy_set_tick_period_milliseconds', ...names])),
    body: `${data?.wat ?? ''} ${LOG_I32}
      (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (drop (call $proxy_set_tick_period_milliseconds (i32.const 1))) (i32.const 1))
      (func (export "proxy_on_tick") (param $root i32) (drop (call $proxy_set_tick_period_milliseconds (i32.const 0))) ${body})
      ${extra ?? ''}`,
  });
  const h = booted(id, m, hostOpts);
  h.advanceTime(1);
  return h;
}
