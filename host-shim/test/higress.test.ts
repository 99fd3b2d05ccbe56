/** Higress-only hostcalls on a stream, malloc preference, proxy_done, Unimplemented. */
import { describe, expect, test } from 'vitest';
import { streamPlugin } from './stream-plugin.js';
import { booted, Data, GET, imports, logged, logOut, onRoot, plugin, returns } from './wat.js';

describe('Higress filter-chain hostcalls', () => {
  const d = new Data();
  const chunk = d.str('data: injected\n\n');
  const addr = d.str('10.1.2.3:8080');
  test('inject_encoded_data goes to the client after this filter; override host is recorded; upstream hosts from options', () => {
    const h = booted('higress', streamPlugin({
      abi: '0_2_100',
      data: d,
      imports: ['proxy_inject_encoded_data_to_filter_chain', 'proxy_set_upstream_override_host', 'proxy_get_upstream_hosts'],
      reqHeaders: `(drop (call $proxy_set_upstream_override_host ${addr}))
        (drop (call $proxy_get_upstream_hosts (i32.const 0) (i32.const 4))) (call $logi (i32.load (i32.const 4))) (i32.const 0)`,
      resBody: `(drop (call $proxy_inject_encoded_data_to_filter_chain ${chunk} (i32.const 0))) (i32.const 0)`,
    }), { upstreamHosts: [['10.1.2.3:8080', '{"health_status":"Healthy"}']] });
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    expect(h.getCurrentUpstreamOverrideHost(s.contextId)).toBe('10.1.2.3:8080');
    expect(logged(h)).toEqual([String(4 + 8 + 14 + 28)]);
    s.sendResponseHeaders([[':status', '200']], false);
    s.sendResponseBody('x', true);
    expect(s.downstream.bodyText).toBe('data: injected\n\nx');
    expect(returns(h, 'proxy_inject_encoded_data_to_filter_chain')).toEqual([0]);
  });
});

describe('allocator choice and proxy_done', () => {
  test('malloc is preferred over proxy_on_memory_allocate', () => {
    const pd = new Data();
    const name = pd.str('plugin_name');
    const h = onRoot('envoy', ['proxy_get_property'], `(drop (call $proxy_get_property ${name} (i32.const 0) (i32.const 4)))`, {
      data: pd,
      extra: '(func (export "proxy_on_memory_allocate") (param i32) (result i32) unreachable)',
    });
    expect(h.failure).toBeUndefined();
    expect(h.trace.some((e) => e.text.startsWith('malloc('))).toBe(true);
  });

  test('proxy_done after proxy_on_done returned false deletes the root after the call', () => {
    const m = plugin({
      imports: imports('proxy_done', 'proxy_set_tick_period_milliseconds'),
      body: `(func (export "proxy_on_vm_start") (param i32 i32) (result i32) (drop (call $proxy_set_tick_period_milliseconds (i32.const 1))) (i32.const 1))
        (func (export "proxy_on_done") (param i32) (result i32) (i32.const 0))
        (func (export "proxy_on_tick") (param i32) (drop (call $proxy_done)))
        (func (export "proxy_on_delete") (param i32))`,
    });
    const h = booted('envoy', m);
    h.shutdown();
    const r = h.advanceTime(1);
    expect(r.calls.map((c) => c.export)).toEqual(['proxy_on_tick', 'proxy_on_delete']);
    expect(returns(h, 'proxy_done')).toEqual([0]);
    expect(h.pending()).toMatchObject({ pendingDone: [], timers: [] });
  });

  test('a registered hostcall the shim does not emulate answers Unimplemented (12) with a note', () => {
    const h = onRoot('envoy', ['envoy_resolve_dns'], '(drop (call $envoy_resolve_dns (i32.const 0) (i32.const 0) (i32.const 0)))');
    expect(returns(h, 'envoy_resolve_dns')).toEqual([12]);
    expect(h.notes).toContainEqual({ kind: 'unimplemented', fn: 'envoy_resolve_dns', callback: 'proxy_on_tick' });
    void logOut;
  });
});
