/** proxy_http_call: validation, tokens, the callback on the root context, reset, get_status. */
import { describe, expect, test } from 'vitest';
import { streamPlugin } from './stream-plugin.js';
import { booted, Data, GET, logged, logOut, onRoot, returns } from './wat.js';

const d = new Data();
const cluster = d.str('outbound|80||auth');
const good = d.pairs([[':method', 'POST'], [':path', '/check'], [':authority', 'auth'], ['X-Up', '1']]);
const noAuthority = d.pairs([[':method', 'GET'], [':path', '/']]);
const body = d.str('hello');
const trailers = d.pairs([['t', '1']]);
const empty = '(i32.const 0) (i32.const 0)';
const call = (hdrs: string, timeout = 1000, b = empty, tokenPtr = 16) =>
  `(drop (call $proxy_http_call ${cluster} ${hdrs} ${b} ${empty} (i32.const ${timeout}) (i32.const ${tokenPtr}))) (call $logi (i32.load (i32.const 16)))`;

describe('proxy_http_call', () => {
  test('tokens 4, 8; missing :authority, negative timeout and unknown cluster are BadArgument; bad token pointer InvalidMemoryAccess', () => {
    const h = onRoot('envoy', ['proxy_http_call'], `${call(good, 1000, body)} ${call(good)} ${call(noAuthority)} ${call(good, -1)} ${call(good, 5, empty, 200000)}`, { data: d });
    expect(returns(h, 'proxy_http_call')).toEqual([0, 0, 2, 2, 6]);
    expect(logged(h)).toEqual(['4', '8', '0', '0', '0']); // token 0 written before validation
    const [first] = h.getCurrentHttpCalls();
    expect(first).toMatchObject({ token: 4, cluster: 'outbound|80||auth', timeoutMs: 1000, fromContext: 1, rootContextId: 1, issuedAtMs: 1 });
    expect(new TextDecoder().decode(first?.body)).toBe('hello');
    expect(first?.headers).toContainEqual(['x-up', '1']);
    expect(first?.headers).toContainEqual(['content-length', '5']);
    const h2 = onRoot('envoy', ['proxy_http_call'], call(good), { data: d, clusters: ['other'] });
    expect(returns(h2, 'proxy_http_call')).toEqual([2]);
    expect(h2.notes.filter((n) => n.kind === 'unknown_cluster')).toEqual([{ kind: 'unknown_cluster', fn: 'proxy_http_call', cluster: 'outbound|80||auth', callback: 'proxy_on_tick' }]);
  });

  test('the answer goes to the root context with counts; maps 6/7 and buffer 4 readable only then', () => {
    const key = d.str(':status');
    const h = booted('envoy', streamPlugin({
      data: d,
      imports: ['proxy_http_call'],
      reqHeaders: `(drop (call $proxy_http_call ${cluster} ${good} ${empty} ${empty} (i32.const 100) (i32.const 16))) (i32.const 1)`,
      httpCallResponse: `(i64.store (i32.const 0) (i64.const 0)) (drop (call $proxy_get_header_map_value (i32.const 6) ${key} (i32.const 0) (i32.const 4))) ${logOut()}
        (drop (call $proxy_get_buffer_bytes (i32.const 4) (i32.const 0) (i32.const 100) (i32.const 0) (i32.const 4))) ${logOut()}
        (drop (call $proxy_set_effective_context (i32.const 2))) (drop (call $proxy_continue_stream (i32.const 0)))`,
      tick: `(drop (call $proxy_get_buffer_bytes (i32.const 4) (i32.const 0) (i32.const 100) (i32.const 0) (i32.const 4)))`,
    }));
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    expect(h.pending().httpCalls.map((c) => c.fromContext)).toEqual([2]);
    const r = h.respondHttpCall(4, { headers: [[':status', '200'], ['a', 'b']], body: 'answer', trailers: [['t', '1']] });
    expect(r.calls.map((c) => c.export)).toEqual(['proxy_on_http_call_response']);
    expect(h.trace.map((e) => e.text)).toContain('proxy_on_http_call_response(1, 4, 2, 6, 1)');
    expect(logged(h)).toEqual(['200', 'answer']);
    expect(s.upstream.headers).toBeDefined();
    expect(() => h.respondHttpCall(4, { headers: [] })).toThrow(RangeError);
  });

  test('a reset: (token, 0, 0, 0) and proxy_get_status = (11, "reset")', () => {
    const h = booted('envoy', streamPlugin({
      data: d,
      imports: ['proxy_http_call', 'proxy_get_status'],
      reqHeaders: `(drop (call $proxy_http_call ${cluster} ${good} ${empty} ${empty} (i32.const 100) (i32.const 16))) (i32.const 0)`,
      httpCallResponse: `(drop (call $proxy_get_status (i32.const 8) (i32.const 0) (i32.const 4))) (call $logi (i32.load (i32.const 8))) ${logOut()}`,
    }));
    h.newHttpStream().sendRequestHeaders(GET, true);
    h.failHttpCall(4);
    expect(h.trace.map((e) => e.text)).toContain('proxy_on_http_call_response(1, 4, 0, 0, 0)');
    expect(logged(h)).toEqual(['11', 'reset']);
  });

  test('trailers are recorded', () => {
    const h = onRoot('envoy', ['proxy_http_call'], `(drop (call $proxy_http_call ${cluster} ${good} ${empty} ${trailers} (i32.const 0) (i32.const 16)))`, { data: d });
    expect(h.getCurrentHttpCalls()[0]?.trailers).toEqual([['t', '1']]);
  });
});

void GET;
