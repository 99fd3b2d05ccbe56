/** Whole-run budgets (src/budget.ts): posted work, kept bytes, guest copies; never the plugin's trap. */
import { describe, expect, test } from 'vitest';
import { createHostBudget, isHostExhausted, type Host } from 'proxy-wasm-host-mock';
import { booted, Data, onRoot, plugin, imports } from './wat.js';

/** Runs `f` and returns what it threw (undefined when nothing). */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('the event budget ends chains of posted work', () => {
  test('proxy_on_queue_ready that enqueues again: HostExhausted naming the loop, not a trap', () => {
    const d = new Data();
    const q = d.str('q');
    const m = plugin({
      imports: imports('proxy_register_shared_queue', 'proxy_enqueue_shared_queue', 'proxy_dequeue_shared_queue'),
      body: `${d.wat}
        (func (export "proxy_on_vm_start") (param i32 i32) (result i32)
          (drop (call $proxy_register_shared_queue ${q} (i32.const 32)))
          (drop (call $proxy_enqueue_shared_queue (i32.load (i32.const 32)) ${q}))
          (i32.const 1))
        (func (export "proxy_on_queue_ready") (param i32 i32)
          (drop (call $proxy_dequeue_shared_queue (local.get 1) (i32.const 40) (i32.const 44)))
          (drop (call $proxy_enqueue_shared_queue (local.get 1) ${q})))`,
    });
    let host: Host | undefined;
    const e = thrown(() => {
      host = booted('envoy', m, { limits: { maxEvents: 500 } });
    });
    expect(isHostExhausted(e), String(e)).toBe(true);
    expect((e as { limit: string }).limit).toBe('events');
    expect((e as Error).message).toMatch(/^500 plugin callbacks in start-up without it ending \(proxy_on_queue_ready 50\d times, proxy_on_vm_start once\)/);
    expect(host).toBeUndefined();
  });

  test('scopes restart the count; one budget shared by two hosts adds up their bytes', () => {
    const budget = createHostBudget({ maxHostBytes: 3 * 1024 * 1024 });
    const d = new Data();
    const k1 = d.str('k1');
    const set = (key: string): string => `(drop (call $proxy_set_shared_data ${key} (i32.const 65536) (i32.const 1048576) (i32.const 0)))`;
    const body = `(drop (memory.grow (i32.const 32))) ${set(k1)}`;
    onRoot('envoy', ['proxy_set_shared_data'], body, { data: d, budget });
    onRoot('envoy', ['proxy_set_shared_data'], body, { data: d, budget });
    // A third 1 MiB value (new store, same budget) passes the 3 MiB: the second host's rewrite of
    // k1 released nothing of the first's, which lives in another store.
    const e = thrown(() => onRoot('envoy', ['proxy_set_shared_data'], body, { data: d, budget }));
    expect(isHostExhausted(e)).toBe(true);
    expect((e as Error).message).toMatch(/proxy_set_shared_data in proxy_on_tick asked the host to keep 1\.0 MiB more of shared data while it already keeps 2\.\d MiB/);
  });
});

describe('host memory: kept bytes are charged before they are copied', () => {
  test('shared data under new keys stops at the budget; rewriting one key does not grow it', () => {
    const d = new Data();
    const key = 16;
    const body = `(drop (memory.grow (i32.const 32))) (local.set $root (i32.const 0))
      (loop $l (i32.store (i32.const ${key}) (local.get $root))
        (drop (call $proxy_set_shared_data (i32.const ${key}) (i32.const 4) (i32.const 65536) (i32.const 1048576) (i32.const 0)))
        (local.set $root (i32.add (local.get $root) (i32.const 1))) (br_if $l (i32.lt_u (local.get $root) (i32.const 100))))`;
    const e = thrown(() => onRoot('envoy', ['proxy_set_shared_data'], body, { data: d, limits: { maxHostBytes: 16 * 1024 * 1024 } }));
    expect(isHostExhausted(e)).toBe(true);
    expect((e as { limit: string }).limit).toBe('memory');
    const same = `(drop (memory.grow (i32.const 32))) (local.set $root (i32.const 0))
      (loop $l (drop (call $proxy_set_shared_data (i32.const ${key}) (i32.const 4) (i32.const 65536) (i32.const 1048576) (i32.const 0)))
        (local.set $root (i32.add (local.get $root) (i32.const 1))) (br_if $l (i32.lt_u (local.get $root) (i32.const 100))))`;
    const h = onRoot('envoy', ['proxy_set_shared_data'], same, { data: d, limits: { maxHostBytes: 16 * 1024 * 1024 } });
    expect(h.failure).toBeUndefined();
    expect(h.getCurrentSharedData().size).toBe(1);
  });

  test('a 16 MiB proxy_log under a 1 MiB budget: only the kept 64 KiB is copied, no exhaustion', () => {
    const h = onRoot('envoy', [], `(drop (memory.grow (i32.const 260))) (drop (call $proxy_log (i32.const 2) (i32.const 65536) (i32.const 16777216)))`, { limits: { maxHostBytes: 1024 * 1024 } });
    expect(h.failure).toBeUndefined();
    const log = h.getCurrentLogs().find((l) => l.source === 'proxy_log');
    expect(log?.truncated).toBe(true);
    expect(log?.message.length).toBe(64 * 1024);
  });

  test('a copy the budget cannot keep is refused before it is made (HostExhausted, not a trap)', () => {
    const d = new Data();
    const name = d.str('c');
    const body = `(drop (memory.grow (i32.const 300))) (drop (call $proxy_grpc_send (i32.const 6) (i32.const 65536) (i32.const 16777216) (i32.const 0))) ${name === '' ? '' : ''}`;
    const e = thrown(() => onRoot('envoy', ['proxy_grpc_send'], body, { data: d, limits: { maxHostBytes: 1024 * 1024 } }));
    expect(isHostExhausted(e), String(e)).toBe(true);
    expect((e as Error).message).toMatch(/asked the host to copy 16777216 bytes of guest memory \(message\), more than the whole host memory budget/);
  });
});
