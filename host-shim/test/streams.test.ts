/**
 * HTTP stream semantics per ABI (reference §5.2, §6, §7): status conversion, StopAll buffering,
 * continue, body buffer semantics, header reachability, local replies, close, end of stream.
 */
import { describe, expect, test } from 'vitest';
import { ARM_TICK, RESUME_STREAM_2, streamPlugin, UNTIL_EOS } from './stream-plugin.js';
import { booted, Data, GET, logged, POST, returns } from './wat.js';

const called = (h: { trace: ReadonlyArray<{ dir: string; text: string }> }): string[] =>
  h.trace.filter((e) => e.dir === 'host->vm' && e.text.startsWith('proxy_on')).map((e) => e.text);

describe('StopIteration from request headers', () => {
  const pauseForBody = (abi: string) => streamPlugin({ abi, reqHeaders: '(i32.const 1)', reqBody: UNTIL_EOS, vmStart: ARM_TICK, tick: RESUME_STREAM_2 });

  test('ABI 0.2.1 on envoy: StopAllIterationAndWatermark, body buffered without callbacks, trailers held', () => {
    const h = booted('envoy', pauseForBody('0_2_1'));
    const s = h.newHttpStream();
    s.sendRequestHeaders(POST, false);
    expect(s.state.request).toMatchObject({ iteration: 'stopped', headersForwarded: false, headersReachable: true });
    expect(s.state.request.stop).toMatchObject({ callback: 'proxy_on_request_headers', returned: 1, status: 'StopAllIterationAndWatermark', bodyCallbacksDelivered: false });
    expect(s.state.request.stop?.reason).toMatch(/proxy_abi_version_0_2_1 \(ABI 0\.2\.1\)/);
    expect(s.sendRequestBody('{"a":', false).calls).toEqual([]);
    expect(s.sendRequestBody('1}', false).calls).toEqual([]);
    expect(s.sendRequestTrailers([['x-t', '1']]).calls).toEqual([]);
    expect(s.state.request).toMatchObject({ bufferedBytes: 7, trailersHeld: true });
    // The tick resumes it: headers, then the buffered body goes to the plugin (iteration restarts at it), then trailers.
    const r = h.advanceTime(10);
    // The body callback sees end_of_stream 0 (trailers follow) and buffers; the trailers then resume it.
    expect(r.calls.map((c) => c.export)).toEqual(['proxy_on_tick', 'proxy_on_request_body']);
    expect(h.trace.some((e) => e.text === 'proxy_on_request_body(2, 7, 0)')).toBe(true);
    expect(s.upstream).toMatchObject({ bodyText: '{"a":1}', trailers: [['x-t', '1']], endOfStream: true });
    expect(s.state.request.iteration).toBe('flowing');
  });

  test('ABI 0.2.100 on higress: passes through; body callbacks continue; Continue from the body resumes the chain', () => {
    const h = booted('higress', pauseForBody('0_2_100'));
    const s = h.newHttpStream();
    s.sendRequestHeaders(POST, false);
    expect(s.state.request.stop).toMatchObject({ status: 'StopIteration', bodyCallbacksDelivered: true });
    expect(s.sendRequestBody('{"a":', false).calls.map((c) => c.export)).toEqual(['proxy_on_request_body']);
    expect(s.upstream.headers).toBeUndefined();
    s.sendRequestBody('1}', true);
    expect(s.upstream).toMatchObject({ bodyText: '{"a":1}', endOfStream: true });
    expect(s.upstream.headers).toContainEqual([':authority', 'api.example.com']);
  });

  test('ABI 0.2.1 on higress is converted too (profile data, not host id)', () => {
    const s = booted('higress', pauseForBody('0_2_1')).newHttpStream();
    s.sendRequestHeaders(POST, false);
    expect(s.state.request.stop?.status).toBe('StopAllIterationAndWatermark');
  });

  test('0.2.100 StopIteration on a request without body stays stopped (no body callback can come)', () => {
    const h = booted('higress', streamPlugin({ abi: '0_2_100', reqHeaders: '(i32.const 1)' }));
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    expect(s.state.request.iteration).toBe('stopped');
    expect(h.pending()).toEqual({ timers: [], httpCalls: [], grpcCalls: [], redisCalls: [], pendingDone: [] });
  });
});

describe('return value conversion', () => {
  test('clamps: headers > 4 → 4, data > 3 → 3, trailers > 1 → 1; 2 from headers is Continue', () => {
    const h = booted('higress', streamPlugin({ abi: '0_2_100', reqHeaders: '(i32.const 7)' }));
    const s = h.newHttpStream();
    s.sendRequestHeaders(POST, false);
    expect(s.state.request.stop).toMatchObject({ returned: 7, status: 'StopAllIterationAndWatermark' });
    expect(s.state.request.stop?.reason).toMatch(/above 4/);

    const d = booted('envoy', streamPlugin({ reqHeaders: '(i32.const 0)', reqBody: '(i32.const 9)' })).newHttpStream();
    d.sendRequestHeaders(POST, false);
    d.sendRequestBody('abc', false);
    expect(d.state.request.stop).toMatchObject({ returned: 9, status: 'StopIterationNoBuffer' });
    expect(d.state.request.bufferedBytes).toBe(0); // NoBuffer drops the frame

    const t = booted('envoy', streamPlugin({ reqTrailers: '(i32.const 5)' })).newHttpStream();
    t.sendRequestHeaders(POST, false);
    t.sendRequestTrailers([['a', 'b']]);
    expect(t.state.request.stop).toMatchObject({ returned: 5, status: 'StopIteration' });

    const c = booted('envoy', streamPlugin({ reqHeaders: '(i32.const 2)' })).newHttpStream();
    c.sendRequestHeaders(GET, true);
    expect(c.state.request.iteration).toBe('flowing');
    expect(c.upstream.endOfStream).toBe(true);
  });

  test('response headers: StopIteration passes through on 0.2.100, becomes StopAll on 0.2.1', () => {
    for (const [id, abi, status] of [['higress', '0_2_100', 'StopIteration'], ['envoy', '0_2_1', 'StopAllIterationAndWatermark']] as const) {
      const s = booted(id, streamPlugin({ abi, resHeaders: '(i32.const 1)' })).newHttpStream();
      s.sendRequestHeaders(GET, true);
      s.sendResponseHeaders([[':status', '200']], false);
      expect(s.state.response.stop?.status).toBe(status);
      expect(s.downstream.headers).toBeUndefined();
    }
  });
});

describe('body buffer semantics', () => {
  const sizes = streamPlugin({ reqHeaders: '(i32.const 0)', reqBody: '(call $logi (local.get $n)) (i32.const 1)' });
  const run = (semantics: 'envoy-1.27' | 'envoy-1.32'): string[] => {
    const h = booted('envoy', sizes, { bodyBufferSemantics: semantics });
    const s = h.newHttpStream();
    s.sendRequestHeaders(POST, false);
    s.sendRequestBody('aaaa', false);
    s.sendRequestBody('bbbb', false);
    s.sendRequestBody('cccc', true);
    expect(s.state.request.bufferedBytes).toBe(12);
    return logged(h);
  };

  test('envoy-1.27: after StopIterationAndBuffer the buffer excludes the current chunk (envoy#35884)', () => {
    expect(run('envoy-1.27')).toEqual(['4', '4', '8']);
  });
  test('envoy-1.32: the current chunk is appended first', () => {
    expect(run('envoy-1.32')).toEqual(['4', '8', '12']);
  });
  test('profiles default: Higress 2.1 (Envoy 1.27 fork) 1.27 semantics; Higress 2.2 (Envoy 1.36 fork) and Envoy 1.32 on 1.32 semantics', () => {
    for (const [id, want] of [['higress-2.1', ['4', '4']], ['higress-2.2', ['4', '8']], ['envoy-1.29', ['4', '4']], ['envoy-1.32.0', ['4', '8']]] as const) {
      const h = booted(id, sizes);
      const s = h.newHttpStream();
      s.sendRequestHeaders(POST, false);
      s.sendRequestBody('aaaa', false);
      s.sendRequestBody('bbbb', true);
      expect(logged(h), id).toEqual(want);
    }
  });
  test('higress alone is the newest Higress release', () => {
    const h = booted('higress', sizes);
    const s = h.newHttpStream();
    s.sendRequestHeaders(POST, false);
    s.sendRequestBody('aaaa', false);
    s.sendRequestBody('bbbb', true);
    expect(logged(h)).toEqual(['4', '8']);
  });
});

describe('header maps reachable only in their callback or while stopped', () => {
  const d = new Data();
  const path = d.str(':path');
  const m = (abi: string, hdr: string) =>
    streamPlugin({ abi, data: d, reqHeaders: hdr, reqBody: `(drop (call $proxy_get_header_map_value (i32.const 0) ${path} (i32.const 0) (i32.const 4))) (i32.const 0)` });

  test('after Continue: BadArgument; while held by StopIteration (0.2.100): Ok', () => {
    const h1 = booted('envoy', m('0_2_1', '(i32.const 0)'));
    const s1 = h1.newHttpStream();
    s1.sendRequestHeaders(POST, false);
    expect(s1.state.request.headersReachable).toBe(false);
    s1.sendRequestBody('x', true);
    expect(returns(h1, 'proxy_get_header_map_value')).toEqual([2]);

    const h2 = booted('higress', m('0_2_100', '(i32.const 1)'));
    const s2 = h2.newHttpStream();
    s2.sendRequestHeaders(POST, false);
    s2.sendRequestBody('x', true);
    expect(returns(h2, 'proxy_get_header_map_value')).toEqual([0]);
  });
});

describe('body rewriting (Envoy Buffer::copyFrom)', () => {
  const d = new Data();
  const rep = d.str('XY');
  const body = (start: number, len: number) =>
    streamPlugin({ data: d, reqHeaders: '(i32.const 0)', reqBody: `(drop (call $proxy_set_buffer_bytes (i32.const 0) (i32.const ${start}) (i32.const ${len}) ${rep})) (i32.const 0)` });
  const cases: Array<[number, number, string, number]> = [
    [0, 4, 'XY', 0], // replace
    [0, 0, 'XYabcd', 0], // prepend
    [0, 2, 'XYcd', 0], // drain 2, prepend
    [4, 0, 'abcdXY', 0], // append at end
    [9, 0, 'abcdXY', 0], // start beyond the end appends
    [2, 0, 'abcd', 2], // middle: BadArgument
  ];
  for (const [start, len, want, code] of cases) {
    test(`set_buffer_bytes(0, ${start}, ${len}, "XY") on "abcd" → ${JSON.stringify(want)} (${code})`, () => {
      const h = booted('envoy', body(start, len));
      const s = h.newHttpStream();
      s.sendRequestHeaders(POST, false);
      s.sendRequestBody('abcd', true);
      expect(returns(h, 'proxy_set_buffer_bytes')).toEqual([code]);
      expect(s.upstream.bodyText).toBe(want);
    });
  }
});

describe('local replies', () => {
  const d = new Data();
  const details = d.str('access denied');
  const body = d.str('nope');
  const hdrs = d.pairs([['X-Reason', 'auth']]);
  const reply = `(drop (call $proxy_send_local_response (i32.const 401) ${details} ${body} ${hdrs} (i32.const -1)))`;

  test('deferred, forces a stop, runs the plugin response callbacks on the reply, then log/done/delete', () => {
    const h = booted('envoy', streamPlugin({ data: d, reqHeaders: `${reply} (i32.const 0)`, resHeaders: '(i32.const 0)', resBody: '(i32.const 0)', onLog: '', onDone: '(i32.const 1)' }));
    const s = h.newHttpStream();
    const r = s.sendRequestHeaders(GET, true);
    expect(r.calls.map((c) => c.export)).toEqual(['proxy_on_request_headers', 'proxy_on_response_headers', 'proxy_on_response_body', 'proxy_on_log', 'proxy_on_done']);
    expect(called(h).slice(-4)).toEqual(['proxy_on_response_headers(2, 4, 0)', 'proxy_on_response_body(2, 4, 1)', 'proxy_on_log(2)', 'proxy_on_done(2)']);
    expect(s.state.request.stop?.reason).toMatch(/stopNextIteration/);
    expect(s.upstream.headers).toBeUndefined();
    expect(s.downstream).toMatchObject({ status: 401, bodyText: 'nope', endOfStream: true });
    expect(s.downstream.headers).toContainEqual(['x-reason', 'auth']);
    expect(s.state.localReply).toMatchObject({ status: 401, details: 'access_denied', source: 'plugin', callback: 'proxy_on_request_headers' });
    expect(s.state.done).toBe(true);
    expect(h.getCurrentLocalResponses()).toHaveLength(1);
  });

  test('a second local reply on one stream is refused (note), the plugin still sees Ok', () => {
    const h = booted('envoy', streamPlugin({ data: d, reqHeaders: `${reply} ${reply} (i32.const 1)` }));
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    expect(returns(h, 'proxy_send_local_response')).toEqual([0, 0]);
    expect(h.notes).toContainEqual({ kind: 'second_local_reply', streamId: 2, callback: 'proxy_on_request_headers' });
    expect(h.getCurrentLocalResponses()).toHaveLength(1);
  });

  test('from the response headers callback: a direct reply that bypasses the plugin', () => {
    const h = booted('envoy', streamPlugin({ data: d, resHeaders: `${reply} (i32.const 0)`, resBody: '(i32.const 0)' }));
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    const r = s.sendResponseHeaders([[':status', '200']], false);
    expect(r.calls.map((c) => c.export)).not.toContain('proxy_on_response_body');
    expect(s.downstream).toMatchObject({ status: 401, bodyText: 'nope', endOfStream: true });
  });
});

describe('continue / close', () => {
  test('continue_stream: Upstream → Unimplemented, unknown → BadArgument with a note', () => {
    const h = booted('envoy', streamPlugin({ reqHeaders: '(drop (call $proxy_continue_stream (i32.const 3))) (drop (call $proxy_continue_stream (i32.const 9))) (i32.const 0)' }));
    h.newHttpStream().sendRequestHeaders(GET, true);
    expect(returns(h, 'proxy_continue_stream')).toEqual([12, 2]);
    expect(h.notes).toContainEqual({ kind: 'bad_enum', fn: 'proxy_continue_stream', argument: 'stream_type', value: 9, callback: 'proxy_on_request_headers' });
  });

  test('close_stream(Request) resets after the callback returns', () => {
    const h = booted('envoy', streamPlugin({ imports: ['proxy_close_stream'], reqHeaders: '(drop (call $proxy_close_stream (i32.const 0))) (i32.const 0)' }));
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    expect(s.upstream.headers).toBeDefined(); // Continue happened before the deferred reset
    expect(s.state.reset).toEqual({ details: 'wasm_close_stream', by: 'plugin' });
    expect(s.downstream.reset).toBe(true);
    expect(s.state.done).toBe(true);
  });

  test('continue_stream drops the request header pointers at once', () => {
    const d = new Data();
    const path = d.str(':path');
    const h = booted('envoy', streamPlugin({ data: d, reqHeaders: `(drop (call $proxy_continue_stream (i32.const 0))) (drop (call $proxy_get_header_map_value (i32.const 0) ${path} (i32.const 0) (i32.const 4))) (i32.const 1)` }));
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    expect(returns(h, 'proxy_get_header_map_value')).toEqual([2]);
    expect(s.upstream.headers).toBeDefined();
  });
});

describe('end of stream', () => {
  const d = new Data();
  const path = d.str(':path');
  const trl = d.str('t');
  test('on_log sees access-log maps (request trailers NotFound), then on_done, on_delete', () => {
    const h = booted('envoy', streamPlugin({
      data: d,
      onLog: `(drop (call $proxy_get_header_map_value (i32.const 0) ${path} (i32.const 0) (i32.const 4))) ${'(drop (call $proxy_log (i32.const 2) (i32.load (i32.const 0)) (i32.load (i32.const 4))))'}
        (drop (call $proxy_get_header_map_value (i32.const 1) ${trl} (i32.const 0) (i32.const 4)))`,
      onDone: '(i32.const 1)',
      extra: '(func (export "proxy_on_delete") (param i32))',
    }));
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    s.sendResponseHeaders([[':status', '204']], true);
    expect(called(h).slice(-3)).toEqual(['proxy_on_log(2)', 'proxy_on_done(2)', 'proxy_on_delete(2)']);
    expect(logged(h)).toEqual(['/']);
    expect(returns(h, 'proxy_get_header_map_value')).toEqual([0, 1]);
    expect(s.complete().calls).toEqual([]); // idempotent
  });

  test('trailers added from the last body callback are forwarded after the body', () => {
    const d2 = new Data();
    const k = d2.str('x-checksum');
    const v = d2.str('abc');
    const h = booted('envoy', streamPlugin({ data: d2, reqHeaders: '(i32.const 0)', reqBody: `(if (local.get $eos) (then (drop (call $proxy_add_header_map_value (i32.const 1) ${k} ${v})))) (i32.const 0)` }));
    const s = h.newHttpStream();
    s.sendRequestHeaders(POST, false);
    s.sendRequestBody('body', true);
    expect(s.upstream).toMatchObject({ bodyText: 'body', trailers: [['x-checksum', 'abc']], endOfStream: true });
  });
});

describe('buffer limit', () => {
  test('StopIterationAndBuffer beyond the limit answers 413', () => {
    const h = booted('envoy', streamPlugin({ reqHeaders: '(i32.const 0)', reqBody: '(i32.const 1)' }), { bufferLimitBytes: 8 });
    const s = h.newHttpStream();
    s.sendRequestHeaders(POST, false);
    s.sendRequestBody('12345', false);
    s.sendRequestBody('67890', false);
    expect(s.downstream.status).toBe(413);
    expect(s.state.localReply?.source).toBe('buffer-limit');
  });
});

describe('HTTP/1-style final empty chunk', () => {
  test('the empty end_of_stream frame still reaches the body callback with the buffered body (1.27)', () => {
    const h = booted('higress', streamPlugin({ abi: '0_2_100', reqHeaders: '(i32.const 1)', reqBody: `(call $logi (local.get $n)) ${UNTIL_EOS}` }));
    const s = h.newHttpStream();
    s.sendRequestHeaders(POST, false);
    s.sendRequestBody('abc', false);
    s.sendRequestBody('', true);
    expect(logged(h)).toEqual(['3', '3']);
    expect(s.upstream).toMatchObject({ bodyText: 'abc', endOfStream: true });
  });
});
