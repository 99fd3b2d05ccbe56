/** Tick timers on the virtual clock and the clock hostcalls. */
import { describe, expect, test } from 'vitest';
import { booted, imports, LOG_I32, logged, plugin } from './wat.js';

describe('timers', () => {
  const m = plugin({
    imports: imports('proxy_set_tick_period_milliseconds', 'proxy_get_current_time_nanoseconds'),
    body: `${LOG_I32}
      (global $n (mut i32) (i32.const 0))
      (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (drop (call $proxy_set_tick_period_milliseconds (i32.const 100))) (i32.const 1))
      (func (export "proxy_on_tick") (param i32)
        (global.set $n (i32.add (global.get $n) (i32.const 1)))
        (drop (call $proxy_get_current_time_nanoseconds (i32.const 0)))
        (call $logi (i32.wrap_i64 (i64.div_u (i64.sub (i64.load (i32.const 0)) (i64.const 1735689600000000000)) (i64.const 1000000))))
        (if (i32.eq (global.get $n) (i32.const 2)) (then (drop (call $proxy_set_tick_period_milliseconds (i32.const 30)))))
        (if (i32.eq (global.get $n) (i32.const 4)) (then (drop (call $proxy_set_tick_period_milliseconds (i32.const 0))))))`,
  });

  test('first tick one period after arming; re-arm after each tick; a new period replaces; 0 stops', () => {
    const h = booted('envoy', m);
    expect(h.pending().timers).toEqual([{ rootContextId: 1, periodMs: 100, nextDueMs: 100 }]);
    expect(h.advanceTime(99).calls).toEqual([]);
    const r = h.advanceTime(1000);
    expect(r.calls.map((c) => c.export)).toEqual(['proxy_on_tick', 'proxy_on_tick', 'proxy_on_tick', 'proxy_on_tick']);
    // Ticks at 100, 200, then period 30 from 200: 230, 260 (stops).
    expect(logged(h)).toEqual(['100', '200', '230', '260']);
    expect(h.getCurrentTickPeriodMs()).toBe(0);
    expect(h.pending().timers).toEqual([]);
    expect(h.now()).toBe(1099);
  });
});
