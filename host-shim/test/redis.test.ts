/** Higress Redis callouts: init, call tokens, buffer 9, network errors. */
import { describe, expect, test } from 'vitest';
import { booted, Data, LOG_I32, logged, logOut, onRoot, plugin, imports, returns } from './wat.js';

const d = new Data();
const cl = d.str('redis?db=1');
const bad = d.str('nope');
const user = d.str('u');
const pass = d.str('p');
const q = d.str('*1\r\n$4\r\nPING\r\n');
const call = (c: string) => `(drop (call $proxy_redis_call ${c} ${q} (i32.const 16))) (call $logi (i32.load (i32.const 16)))`;

describe('redis', () => {
  test('init checks the cluster (options after ?); tokens 7, 11; unknown cluster BadArgument', () => {
    const h = onRoot('higress', ['proxy_redis_init', 'proxy_redis_call'], `(drop (call $proxy_redis_init ${cl} ${user} ${pass} (i32.const 100)))
      (drop (call $proxy_redis_init ${bad} ${user} ${pass} (i32.const 100))) ${call(cl)} ${call(cl)} ${call(bad)}`, { data: d, clusters: ['redis'] });
    expect(returns(h, 'proxy_redis_init')).toEqual([0, 2]);
    expect(returns(h, 'proxy_redis_call')).toEqual([0, 0, 2]);
    expect(logged(h)).toEqual(['7', '11', '0']);
    expect(h.getCurrentRedisClusters()).toEqual([{ cluster: 'redis?db=1', username: 'u', password: 'p', timeoutMs: 100 }]);
    expect(h.pending().redisCalls.map((c) => c.queryText)).toEqual(['*1\r\n$4\r\nPING\r\n', '*1\r\n$4\r\nPING\r\n']);
  });

  test('the reply arrives in buffer 9 during proxy_on_redis_call_response; errors give status 1 and (11, "reset")', () => {
    const m = plugin({
      abi: '0_2_100',
      imports: imports('proxy_redis_call', 'proxy_set_tick_period_milliseconds', 'proxy_get_buffer_bytes', 'proxy_get_status'),
      body: `${d.wat} ${LOG_I32}
        (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (drop (call $proxy_set_tick_period_milliseconds (i32.const 1))) (i32.const 1))
        (func (export "proxy_on_tick") (param i32) ${call(cl)})
        (func (export "proxy_on_redis_call_response") (param i32 i32 i32 i32) (call $logi (local.get 2)) (call $logi (local.get 3))
          (drop (call $proxy_get_buffer_bytes (i32.const 9) (i32.const 0) (local.get 3) (i32.const 0) (i32.const 4))) ${logOut()}
          (drop (call $proxy_get_status (i32.const 8) (i32.const 0) (i32.const 4))) (call $logi (i32.load (i32.const 8))))`,
    });
    const h = booted('higress', m);
    h.advanceTime(2);
    h.respondRedisCall(7, '+PONG\r\n');
    h.respondRedisCall(11, '', 1);
    expect(logged(h)).toEqual(['7', '11', '0', '7', '+PONG\r\n', '0', '1', '0', '', '11']);
  });
});
