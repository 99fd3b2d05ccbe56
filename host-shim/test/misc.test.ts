/** Effective context, proxy_done, get_status defaults and the always-registered extras. */
import { describe, expect, test } from 'vitest';
import { streamPlugin } from './stream-plugin.js';
import { booted, GET, logged, logOut, onRoot, returns } from './wat.js';

describe('misc hostcalls', () => {
  test('set_effective_context: unknown → BadArgument; pthread_equal; proxy_done NotFound when nothing waits; get_status (0, "")', () => {
    const h = onRoot('envoy', ['proxy_set_effective_context', 'pthread_equal', 'proxy_done', 'proxy_get_status', 'emscripten_notify_memory_growth'], `
      (drop (call $proxy_set_effective_context (i32.const 77))) (drop (call $proxy_set_effective_context (i32.const 0)))
      (call $logi (call $pthread_equal (i32.const 3) (i32.const 3))) (call $logi (call $pthread_equal (i32.const 3) (i32.const 4)))
      (drop (call $proxy_done)) (call $emscripten_notify_memory_growth (i32.const 0))
      (drop (call $proxy_get_status (i32.const 8) (i32.const 0) (i32.const 4))) (call $logi (i32.load (i32.const 8))) (call $logi (i32.load (i32.const 4)))`);
    expect(returns(h, 'proxy_set_effective_context')).toEqual([2, 0]);
    expect(returns(h, 'proxy_done')).toEqual([1]);
    expect(logged(h)).toEqual(['1', '0', '0', '0']);
  });

  test('the effective context is reset on every host→vm entry and gone after the stream ends', () => {
    const h = booted('envoy', streamPlugin({
      imports: ['proxy_get_header_map_pairs'],
      vmStart: '(drop (call $proxy_set_tick_period_milliseconds (i32.const 1)))',
      reqHeaders: '(i32.const 1)',
      tick: `(drop (call $proxy_get_header_map_pairs (i32.const 0) (i32.const 0) (i32.const 4))) (call $logi (i32.load (i32.const 4)))
        (drop (call $proxy_set_effective_context (i32.const 2))) (drop (call $proxy_get_header_map_pairs (i32.const 0) (i32.const 0) (i32.const 4))) (call $logi (i32.gt_u (i32.load (i32.const 4)) (i32.const 0)))`,
    }));
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    h.advanceTime(1);
    h.advanceTime(1);
    expect(logged(h)).toEqual(['0', '1', '0', '1']); // root first each time, the stream after switching
    s.complete();
    h.advanceTime(1);
    expect(returns(h, 'proxy_set_effective_context')).toEqual([0, 0, 2]);
    void logOut;
  });
});
