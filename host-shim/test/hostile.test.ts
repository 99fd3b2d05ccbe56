/** Hostile plugins never crash the host: bad pointers everywhere, floods, memory bombs. */
import { describe, expect, test } from 'vitest';
import { HOST_IDS, PROFILES, registeredImports } from 'proxy-wasm-host-mock';
import { booted, Data, onRoot, wat } from './wat.js';

describe('hostile plugins', () => {
  for (const id of HOST_IDS) {
    test(`${id}: every hostcall with out-of-range pointers answers a status code, never a host exception`, () => {
      const abi = PROFILES[id].abiVersions.at(-1) ?? '0.2.1';
      const list = [...registeredImports(PROFILES[id], abi).values()].filter((f) => f.name !== 'proxy_set_tick_period_milliseconds');
      const imps = list.map((f, i) => `(import "${f.module}" "${f.name}" (func $f${i} ${f.signature.params.length ? `(param ${f.signature.params.join(' ')})` : ''} ${f.signature.results.length ? '(result i32)' : ''}))`).join('\n');
      const calls = list
        .map((f, i) => {
          const args = f.signature.params.map((t) => (t === 'i64' ? '(i64.const -1)' : '(i32.const -16)')).join(' ');
          return f.signature.results.length ? `(drop (call $f${i} ${args}))` : `(call $f${i} ${args})`;
        })
        .join('\n');
      const m = wat(`(module ${imps}
        (import "env" "proxy_set_tick_period_milliseconds" (func $tick (param i32) (result i32)))
        (memory (export "memory") 1)
        (func (export "malloc") (param i32) (result i32) (i32.const -8))
        (func (export "proxy_abi_version_${abi.replace(/\./g, '_')}"))
        (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (drop (call $tick (i32.const 1))) (i32.const 1))
        (func (export "proxy_on_tick") (param i32) ${calls}))`);
      const h = booted(id, m);
      const r = h.advanceTime(1);
      expect(r.trapped, h.failure?.message).toBe(false);
      expect(h.notes.filter((n) => n.kind === 'invalid_memory').length).toBeGreaterThan(10);
    });
  }

  test('a log flood keeps bounded memory: capped messages, counted drops, bounded trace', () => {
    const h = onRoot('envoy', [], `(local.set $root (i32.const 0)) (loop $l (drop (call $proxy_log (i32.const 2) (i32.const 0) (i32.const 65536)))
      (local.set $root (i32.add (local.get $root) (i32.const 1))) (br_if $l (i32.lt_u (local.get $root) (i32.const 5000))))`, { logLimit: 100, traceLimit: 500 });
    expect(h.getCurrentLogs()).toHaveLength(100);
    expect(h.notes).toContainEqual({ kind: 'log_dropped', count: 4900 });
    expect(h.trace).toHaveLength(500);
    expect(h.trace.at(-1)?.text).toBe('proxy_on_tick return: void');
  });

  test('callout floods keep a bounded history; memory above the profile limit is a note', () => {
    const d = new Data();
    const c = d.str('c');
    const hd = d.pairs([[':method', 'GET'], [':path', '/'], [':authority', 'a']]);
    const h = onRoot('envoy', ['proxy_http_call'], `(local.set $root (i32.const 0)) (loop $l (drop (call $proxy_http_call ${c} ${hd} (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 16)))
      (local.set $root (i32.add (local.get $root) (i32.const 1))) (br_if $l (i32.lt_u (local.get $root) (i32.const 1020))))`, { data: d });
    expect(h.getCurrentHttpCalls()).toHaveLength(1000);
    expect(h.pending().httpCalls).toHaveLength(1020);
    // Past Envoy's default circuit breaker (1024 requests at once) the host refuses: a host
    // limit thrown out of the step (HostExhausted), never the plugin's trap.
    const flood = (): unknown => onRoot('envoy', ['proxy_http_call'], `(local.set $root (i32.const 0)) (loop $l (drop (call $proxy_http_call ${c} ${hd} (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 16)))
      (local.set $root (i32.add (local.get $root) (i32.const 1))) (br_if $l (i32.lt_u (local.get $root) (i32.const 3000))))`, { data: d });
    expect(flood).toThrow(/1024 already outstanding/);

    const profile = { ...PROFILES['envoy-main'], maxMemoryBytes: 4 * 65536 };
    const bomb = onRoot(profile as never, [], '(drop (memory.grow (i32.const 8)))');
    expect(bomb.notes, JSON.stringify(bomb.notes)).toContainEqual({ kind: 'memory_limit', bytes: 10 * 65536, limit: 4 * 65536, callback: 'proxy_on_tick' });
  });
});
