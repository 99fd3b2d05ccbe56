/** Metrics: ids with the type in the low bits, per-type operations and status codes. */
import { describe, expect, test } from 'vitest';
import { Data, logged, onRoot, returns } from './wat.js';

describe('metrics', () => {
  test('ids 4/5/6 then 8; operations per type; unknown ids NotFound, bad types BadArgument', () => {
    const d = new Data();
    const c = d.str('requests');
    const g = d.str('inflight');
    const hi = d.str('latency');
    const def = (t: number, n: string, at: number) => `(drop (call $proxy_define_metric (i32.const ${t}) ${n} (i32.const ${at}))) (call $logi (i32.load (i32.const ${at})))`;
    const h = onRoot('envoy', ['proxy_define_metric', 'proxy_increment_metric', 'proxy_record_metric', 'proxy_get_metric'], `
      ${def(0, c, 16)} ${def(1, g, 20)} ${def(2, hi, 24)} ${def(0, c, 28)} (drop (call $proxy_define_metric (i32.const 3) ${c} (i32.const 32)))
      (drop (call $proxy_increment_metric (i32.const 4) (i64.const 2)))
      (drop (call $proxy_increment_metric (i32.const 8) (i64.const 1)))
      (drop (call $proxy_increment_metric (i32.const 4) (i64.const 0)))
      (drop (call $proxy_increment_metric (i32.const 5) (i64.const -3)))
      (drop (call $proxy_increment_metric (i32.const 6) (i64.const 1)))
      (drop (call $proxy_increment_metric (i32.const 12) (i64.const 1)))
      (drop (call $proxy_record_metric (i32.const 5) (i64.const 10)))
      (drop (call $proxy_record_metric (i32.const 6) (i64.const 42)))
      (drop (call $proxy_record_metric (i32.const 44) (i64.const 1)))
      (drop (call $proxy_get_metric (i32.const 4) (i32.const 40))) (call $logi (i32.load (i32.const 40)))
      (drop (call $proxy_get_metric (i32.const 5) (i32.const 40))) (call $logi (i32.load (i32.const 40)))
      (drop (call $proxy_get_metric (i32.const 6) (i32.const 40)))`, { data: d });
    expect(logged(h)).toEqual(['4', '5', '6', '8', '3', '10']);
    expect(returns(h, 'proxy_define_metric')).toEqual([0, 0, 0, 0, 2]);
    expect(returns(h, 'proxy_increment_metric')).toEqual([0, 0, 2, 0, 2, 1]);
    expect(returns(h, 'proxy_record_metric')).toEqual([0, 0, 1]);
    expect(returns(h, 'proxy_get_metric')).toEqual([0, 0, 2]);
    expect(h.getCurrentMetrics()).toEqual([
      { id: 4, name: 'requests', type: 'counter', value: 3n, samples: [] },
      { id: 5, name: 'inflight', type: 'gauge', value: 10n, samples: [] },
      { id: 6, name: 'latency', type: 'histogram', value: 0n, samples: [42n] },
    ]);
  });
});
