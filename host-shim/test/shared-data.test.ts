/** Shared data (CAS, keyed by vm_id, shared between hosts) and shared queues. */
import { describe, expect, test } from 'vitest';
import { createSharedStore } from 'proxy-wasm-host-mock';
import { booted, Data, imports, LOG_I32, logged, logOut, onRoot, plugin, returns } from './wat.js';

const d = new Data();
const k = d.str('leader');
const v1 = d.str('a');
const v2 = d.str('bb');
const get = `(i64.store (i32.const 0) (i64.const 0)) (drop (call $proxy_get_shared_data ${k} (i32.const 0) (i32.const 4) (i32.const 8))) ${logOut()} (call $logi (i32.load (i32.const 8)))`;
const set = (v: string, cas: string) => `(drop (call $proxy_set_shared_data ${k} ${v} ${cas}))`;

describe('shared data', () => {
  test('NotFound, then cas 1, 2; a stale non-zero cas is CasMismatch; cas 0 always writes', () => {
    const h = onRoot('envoy', ['proxy_get_shared_data', 'proxy_set_shared_data'], `${get} ${set(v1, '(i32.const 0)')} ${get}
      ${set(v2, '(i32.const 7)')} ${set(v2, '(i32.const 1)')} ${get} ${set(v1, '(i32.const 0)')} ${get}`, { data: d });
    expect(returns(h, 'proxy_get_shared_data')).toEqual([1, 0, 0, 0]);
    expect(returns(h, 'proxy_set_shared_data')).toEqual([0, 8, 0, 0]);
    expect(logged(h)).toEqual(['', '0', 'a', '1', 'bb', '2', 'a', '3']);
    expect([...h.getCurrentSharedData().keys()]).toEqual(['leader']);
  });

  test('keyed by vm_id and shared through one store, like workers of one process', () => {
    const store = createSharedStore();
    onRoot('envoy', ['proxy_set_shared_data'], set(v1, '(i32.const 0)'), { data: d, sharedStore: store, vmId: 'vm' });
    const same = onRoot('envoy', ['proxy_get_shared_data'], get, { data: d, sharedStore: store, vmId: 'vm' });
    const other = onRoot('envoy', ['proxy_get_shared_data'], get, { data: d, sharedStore: store, vmId: 'other' });
    expect(returns(same, 'proxy_get_shared_data')).toEqual([0]);
    expect(returns(other, 'proxy_get_shared_data')).toEqual([1]);
  });
});

describe('shared queues', () => {
  const q = new Data();
  const name = q.str('jobs');
  const vm = q.str('');
  const item = q.str('job-1');
  const m = plugin({
    imports: imports('proxy_register_shared_queue', 'proxy_resolve_shared_queue', 'proxy_enqueue_shared_queue', 'proxy_dequeue_shared_queue', 'proxy_set_tick_period_milliseconds'),
    body: `${q.wat} ${LOG_I32}
      (func (export "proxy_on_vm_start") (param i32 i32) (result i32)
        (drop (call $proxy_register_shared_queue ${name} (i32.const 16))) (call $logi (i32.load (i32.const 16)))
        (drop (call $proxy_set_tick_period_milliseconds (i32.const 1))) (i32.const 1))
      (func (export "proxy_on_tick") (param i32) (drop (call $proxy_set_tick_period_milliseconds (i32.const 0)))
        (drop (call $proxy_resolve_shared_queue ${vm} ${name} (i32.const 20))) (call $logi (i32.load (i32.const 20)))
        (drop (call $proxy_dequeue_shared_queue (i32.const 1) (i32.const 0) (i32.const 4)))
        (drop (call $proxy_enqueue_shared_queue (i32.const 1) ${item}))
        (drop (call $proxy_enqueue_shared_queue (i32.const 99) ${item}))
        (call $logi (i32.const 100)))
      (func (export "proxy_on_queue_ready") (param i32 i32) (call $logi (local.get 1))
        (drop (call $proxy_dequeue_shared_queue (local.get 1) (i32.const 0) (i32.const 4))) ${logOut()})`,
  });

  test('register (token 1), resolve with empty vm_id, Empty, NotFound; on_queue_ready after the call returns', () => {
    const h = booted('envoy', m);
    const r = h.advanceTime(1);
    expect(r.calls.map((c) => c.export)).toEqual(['proxy_on_tick', 'proxy_on_queue_ready']);
    expect(returns(h, 'proxy_dequeue_shared_queue')).toEqual([7, 0]);
    expect(returns(h, 'proxy_enqueue_shared_queue')).toEqual([0, 1]);
    expect(logged(h)).toEqual(['1', '1', '100', '1', 'job-1']);
    expect(h.trace.map((e) => e.text)).toContain('proxy_on_queue_ready(1, 1)');
    h.enqueueSharedQueue('', 'jobs', 'job-2');
    expect(logged(h).slice(-1)).toEqual(['job-2']);
  });
});
