/**
 * Tiny WAT plugins for the driver tests: one behaviour each, on a common skeleton (memory,
 * bump malloc, ABI marker, root callbacks that succeed). Assembled with the wabt package.
 */
import wabtInit from 'wabt';

export interface PluginSpec {
  /** ABI marker, e.g. '0_2_1'. */
  readonly abi?: string;
  /** Extra imports, WAT text. */
  readonly imports?: string;
  /** Data segments / globals, WAT text. */
  readonly data?: string;
  /** Callback exports, WAT text (may replace the default root callbacks by setting noRoot). */
  readonly body: string;
  /** Leave out proxy_on_vm_start / proxy_on_configure (the body defines them). */
  readonly noRoot?: boolean;
  /** Leave out proxy_on_context_create (the body defines it). */
  readonly noContextCreate?: boolean;
  /** Initial memory in 64 KiB pages (default 1). */
  readonly pages?: number;
}

export function pluginWat(p: PluginSpec): string {
  const root = p.noRoot
    ? ''
    : `(func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
       (func (export "proxy_on_configure") (param i32 i32) (result i32) (i32.const 1))`;
  return `(module
    ${p.imports ?? ''}
    (memory (export "memory") ${p.pages ?? 1})
    ${p.data ?? ''}
    (func (export "proxy_abi_version_${p.abi ?? '0_2_1'}"))
    (global $heap (mut i32) (i32.const 8192))
    (func $malloc (export "malloc") (param $size i32) (result i32)
      (local $ptr i32)
      (local.set $ptr (global.get $heap))
      (global.set $heap (i32.and (i32.add (i32.add (local.get $ptr) (local.get $size)) (i32.const 7)) (i32.const -8)))
      (block $fits
        (br_if $fits (i32.le_u (global.get $heap) (i32.shl (memory.size) (i32.const 16))))
        (br_if $fits (i32.ne (i32.const -1) (memory.grow (i32.add (i32.const 1)
          (i32.shr_u (i32.sub (global.get $heap) (i32.shl (memory.size) (i32.const 16))) (i32.const 16))))))
        unreachable)
      (local.get $ptr))
    ${p.noContextCreate ? '' : '(func (export "proxy_on_context_create") (param i32 i32))'}
    ${root}
    ${p.body})`;
}

export async function wasm(p: PluginSpec): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const mod = wabt.parseWat('plugin.wat', pluginWat(p));
  try {
    return new Uint8Array(mod.toBinary({ write_debug_names: true }).buffer);
  } finally {
    mod.destroy();
  }
}

/** Serialized header pairs (reference §8) as a WAT data string. */
export function pairsData(pairs: ReadonlyArray<readonly [string, string]>): { text: string; size: number } {
  const bytes: number[] = [];
  const u32 = (n: number): void => void bytes.push(n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >> 24) & 255);
  u32(pairs.length);
  for (const [k, v] of pairs) {
    u32(k.length);
    u32(v.length);
  }
  for (const [k, v] of pairs) for (const s of [k, v]) bytes.push(...Buffer.from(s), 0);
  return { text: bytes.map((b) => `\\${b.toString(16).padStart(2, '0')}`).join(''), size: bytes.length };
}

export const IMPORTS = {
  continueStream: '(import "env" "proxy_continue_stream" (func $continue (param i32) (result i32)))',
  localReply: '(import "env" "proxy_send_local_response" (func $reply (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))',
  tick: '(import "env" "proxy_set_tick_period_milliseconds" (func $tick (param i32) (result i32)))',
  httpCall: '(import "env" "proxy_http_call" (func $http (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))',
  effective: '(import "env" "proxy_set_effective_context" (func $effective (param i32) (result i32)))',
  closeStream: '(import "env" "proxy_close_stream" (func $close (param i32) (result i32)))',
  addHeader: '(import "env" "proxy_add_header_map_value" (func $add (param i32 i32 i32 i32 i32) (result i32)))',
  getHeader: '(import "env" "proxy_get_header_map_value" (func $get (param i32 i32 i32 i32 i32) (result i32)))',
  log: '(import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))',
  fdWrite: '(import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))',
} as const;
