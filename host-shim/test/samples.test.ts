/**
 * Host semantics on the real sample plugins (sample-plugins/build, built by real toolchains and
 * committed): a missing sample fails its test (rebuild with `npm run samples`), it is never skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createHost, type Host, type HostId, type HostOptions } from 'proxy-wasm-host-mock';
import { GET, POST } from './wat.js';

const dir = new URL('../../sample-plugins/build/', import.meta.url);
function sample(name: string): Uint8Array {
  const p = new URL(`${name}.wasm`, dir);
  if (!existsSync(p)) throw new Error(`sample-plugins/build/${name}.wasm is missing: the samples are committed; rebuild them with npm run samples`);
  return new Uint8Array(readFileSync(p));
}
function boot(id: HostId, bytes: Uint8Array, opts: Partial<HostOptions> = {}): Host {
  const h = createHost(id, { ...opts, module: bytes });
  const r = h.boot();
  expect(r.ok, JSON.stringify(r.stages)).toBe(true);
  return h;
}
/** Declares a test on a sample; the sample is read inside the test, so a missing one fails it. */
function withSample(name: string, title: string, fn: (bytes: Uint8Array) => void): void {
  test(title, () => fn(sample(name)));
}

type Pair = readonly [string, string];

/** What each header-rewrite sample does to a GET, as its source says (sample-plugins/expected). */
interface RewriteCase {
  readonly name: string;
  readonly host: HostId;
  readonly options: Partial<HostOptions>;
  /** Headers the upstream must see, and header names it must not. */
  readonly upstream: readonly Pair[];
  readonly removed: readonly string[];
  /** Headers the client must see on the response. */
  readonly downstream: readonly Pair[];
}

describe('header rewrite', () => {
  const cfg = { add: { 'x-a': '1' }, replace: { 'x-b': '2' }, remove: ['x-c'], response: { add: { 'x-rewritten': '1' } } };
  const goRewrite = { options: { pluginConfiguration: cfg }, upstream: [['x-a', '1'], ['x-b', '2']], removed: ['x-c'], downstream: [['x-rewritten', '1']] } as const;
  const cases: readonly RewriteCase[] = [
    { name: 'go-header-rewrite', host: 'higress', ...goRewrite },
    { name: 'go-header-rewrite-abi020', host: 'envoy', ...goRewrite },
    { name: 'c-add-header', host: 'envoy', options: {}, upstream: [['x-c-plugin', '1']], removed: [], downstream: [] },
    { name: 'as-add-header', host: 'envoy', options: { pluginConfiguration: { value: 'from-config' }, rootId: 'as_add_header' }, upstream: [['x-as-plugin', 'from-config']], removed: [], downstream: [] },
  ];
  for (const c of cases) {
    withSample(c.name, `${c.name} on ${c.host}: request and response headers as forwarded`, (bytes) => {
      const h = boot(c.host, bytes, c.options);
      const s = h.newHttpStream();
      s.sendRequestHeaders([...GET, ['x-b', 'old'], ['x-c', 'gone']], true);
      expect(s.state.request.iteration).toBe('flowing');
      const up = s.upstream.headers ?? [];
      for (const pair of c.upstream) expect(up).toContainEqual(pair);
      for (const key of c.removed) expect(up.some(([k]) => k === key)).toBe(false);
      s.sendResponseHeaders([[':status', '200'], ['content-type', 'text/plain']], false);
      s.sendResponseBody('ok', true);
      for (const pair of c.downstream) expect(s.downstream.headers).toContainEqual(pair);
      expect(s.downstream).toMatchObject({ status: 200, bodyText: 'ok', endOfStream: true });
      expect(s.state.done).toBe(true);
      expect(h.failure).toBeUndefined();
    });
  }
});

describe('body replace (LLM gateway, 0.2.100 on higress)', () => {
  const cfg = { provider: { type: 'openai', apiTokens: ['sk-test'], modelMapping: { 'gpt-4o-mini': 'gpt-4o' } }, upstreamHost: 'api.openai.com' };
  withSample('go-llm-gateway', 'request body model-mapped, auth and host set; SSE passed through; usage counted', (bytes) => {
    const h = boot('higress', bytes, { pluginConfiguration: cfg });
    const s = h.newHttpStream();
    const body = JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    s.sendRequestHeaders([...POST, ['content-length', String(body.length)]], false);
    s.sendRequestBody(body.slice(0, 20), false);
    s.sendRequestBody(body.slice(20), false);
    s.sendRequestBody('', true); // HTTP/1: the end of stream comes as an empty frame
    const req = JSON.parse(s.upstream.bodyText) as { model: string; stream_options?: { include_usage: boolean } };
    expect(req.model).toBe('gpt-4o');
    expect(req.stream_options?.include_usage).toBe(true);
    expect(s.upstream.headers).toContainEqual(['authorization', 'Bearer sk-test']);
    expect(s.upstream.headers).toContainEqual([':authority', 'api.openai.com']);
    expect(s.upstream.headers?.some(([k]) => k === 'content-length')).toBe(false);
    s.sendResponseHeaders([[':status', '200'], ['content-type', 'text/event-stream']], false);
    s.sendResponseBody('data: {"choices":[{"delta":{"content":"he', false);
    s.sendResponseBody('llo"}}]}\n\ndata: {"choices":[],"usage":{"total_tokens":42}}\n\ndata: [DONE]\n\n', true);
    expect(s.downstream.bodyText).toContain('data: [DONE]');
    expect(s.state.done).toBe(true);
    expect(h.failure).toBeUndefined();
  });
});

describe('Envoy 1.27 body_size bug (envoyproxy/envoy#35884), HTTP/2-style last frame', () => {
  const cfg = { provider: { type: 'openai', apiTokens: ['sk-test'], modelMapping: { 'gpt-4o-mini': 'gpt-4o' } }, upstreamHost: 'api.openai.com' };
  withSample('go-llm-gateway', 'the last non-empty frame is invisible at end_of_stream on 1.27, visible on 1.32', (bytes) => {
    const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    const run = (semantics: 'envoy-1.27' | 'envoy-1.32'): string => {
      const h = boot('higress', bytes, { pluginConfiguration: cfg, bodyBufferSemantics: semantics });
      const s = h.newHttpStream();
      s.sendRequestHeaders(POST, false);
      s.sendRequestBody(body.slice(0, 20), false);
      s.sendRequestBody(body.slice(20), true);
      return (JSON.parse(s.upstream.bodyText) as { model: string }).model;
    };
    expect(run('envoy-1.27')).toBe('gpt-4o-mini'); // the plugin saw a truncated body and left it alone
    expect(run('envoy-1.32')).toBe('gpt-4o');
  });
});

describe('callout then resume', () => {
  for (const [name, id, status] of [['go-callout-auth', 'higress', 'StopIteration'], ['go-callout-auth-abi020', 'envoy', 'StopAllIterationAndWatermark']] as const) {
    withSample(name, `${name} on ${id}: pauses with an HTTP call pending, the answer resumes it`, (bytes) => {
      const h = boot(id, bytes, { pluginConfiguration: { cluster: 'auth', path: '/check' } });
      const s = h.newHttpStream();
      s.sendRequestHeaders([...POST, ['authorization', 'Bearer t'], ['x-auth-user', 'forged']], false);
      expect(s.state.request.stop?.status).toBe(status);
      const [call] = h.pending().httpCalls;
      expect(call).toMatchObject({ token: 4, cluster: 'auth', timeoutMs: 5000, fromContext: s.contextId, rootContextId: 1 });
      expect(call?.headers).toContainEqual([':path', '/check']);
      expect(call?.headers).toContainEqual(['authorization', 'Bearer t']);
      s.sendRequestBody('{"x":1}', true);
      expect(s.upstream.headers).toBeUndefined();
      const r = h.respondHttpCall(4, { headers: [[':status', '200'], ['x-auth-user', 'alice']] });
      expect(r.calls[0]?.export).toBe('proxy_on_http_call_response');
      expect(h.pending().httpCalls).toEqual([]);
      expect(s.upstream).toMatchObject({ bodyText: '{"x":1}', endOfStream: true });
      expect(s.upstream.headers).toContainEqual(['x-auth-user', 'alice']);
      expect(s.upstream.headers).not.toContainEqual(['x-auth-user', 'forged']);
    });
  }

  withSample('go-callout-auth', 'a refusal answers 403 locally; a reset (failHttpCall) is handled; unknown cluster → 503', (bytes) => {
    const h = boot('higress', bytes, { pluginConfiguration: { cluster: 'auth', path: '/check' } });
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    h.respondHttpCall(4, { headers: [[':status', '401']], body: 'no' });
    expect(s.downstream).toMatchObject({ status: 403, endOfStream: true });
    expect(s.upstream.headers).toBeUndefined();

    const s2 = h.newHttpStream();
    s2.sendRequestHeaders(GET, true);
    h.failHttpCall(8); // reset: (token, 0, 0, 0), no :status to read → the plugin denies
    expect(s2.state.localReply).toMatchObject({ status: 403, details: 'callout_auth_denied' });
    expect(h.trace.map((e) => e.text)).toContain('proxy_on_http_call_response(1, 8, 0, 0, 0)');

    const h2 = boot('higress', bytes, { pluginConfiguration: { cluster: 'auth', path: '/check' }, clusters: ['other'] });
    const s3 = h2.newHttpStream();
    s3.sendRequestHeaders(GET, true);
    expect(s3.downstream.status).toBe(503);
  });
});

describe('tick then resume', () => {
  withSample('go-tick-resume', 'stopped until the next 100 ms tick, no real waiting', (bytes) => {
    const h = boot('higress', bytes);
    expect(h.getCurrentTickPeriodMs()).toBe(100);
    const s = h.newHttpStream();
    s.sendRequestHeaders(POST, false);
    s.sendRequestBody('{}', true);
    expect(s.state.request.iteration).toBe('stopped');
    expect(h.pending().timers).toEqual([{ rootContextId: 1, periodMs: 100, nextDueMs: 100 }]);
    const t0 = Date.now();
    h.advanceTime(99);
    expect(s.upstream.headers).toBeUndefined();
    h.advanceTime(1);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(s.upstream).toMatchObject({ bodyText: '{}', endOfStream: true });
    expect(h.now()).toBe(100);
  });
});

describe('redis (Higress only)', () => {
  withSample('go-redis-ratelimit', 'redis_init in configure, INCR per request, the reply resumes or answers 429', (bytes) => {
    const h = boot('higress', bytes, { pluginConfiguration: { cluster: 'redis', limit: 10 } });
    expect(h.getCurrentRedisClusters()[0]?.cluster).toMatch(/^redis/);
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    const [call] = h.pending().redisCalls;
    expect(call?.token).toBe(7);
    expect(call?.queryText).toContain('INCR');
    h.respondRedisCall(7, ':1\r\n');
    expect(s.upstream.headers).toBeDefined();
    const s2 = h.newHttpStream();
    s2.sendRequestHeaders(GET, true);
    h.respondRedisCall(11, ':11\r\n');
    expect(s2.downstream.status).toBe(429);
  });
});

describe('local reply (WAT) and panics', () => {
  withSample('wat-local-response', 'answers locally; the upstream never sees the request', (bytes) => {
    const h = boot('envoy', bytes);
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    expect(s.state.localReply?.status).toBe(401);
    expect(s.downstream.status).toBe(401);
    expect(s.upstream.headers).toBeUndefined();
  });

  withSample('go-panic-on-header', 'x-panic traps with the Go panic text and a named backtrace; later requests get 503', (bytes) => {
    const h = boot('higress', bytes);
    const s = h.newHttpStream();
    s.sendRequestHeaders([...GET, ['x-panic', 'boom']], true);
    expect(h.failure?.panicText).toBe('panic: panic-on-header: request carried x-panic: boom');
    expect(h.failure?.message).toMatch(/^Function: proxy_on_request_headers failed: Uncaught RuntimeError: unreachable\nProxy-Wasm plugin in-VM backtrace:\n  0:  0x[0-9a-f]+ - runtime\.abort/);
    expect(s.downstream.status).toBe(503);
    const s2 = h.newHttpStream();
    s2.sendRequestHeaders(GET, true);
    expect(s2.state.localReply?.details).toBe('wasm_fail_stream');
  });

  withSample('c-bad-pointers', 'every bad pointer answers InvalidMemoryAccess and the plugin goes on', (bytes) => {
    const h = boot('envoy', bytes);
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    expect(s.upstream.headers).toContainEqual(['x-c-bad-pointers', 'refused=8/8']);
    expect(h.notes.filter((n) => n.kind === 'invalid_memory')).toHaveLength(8);
  });

  withSample('as-pause-for-body', 'AssemblyScript 0.2.0 pause-for-body: StopAll, body never delivered', (bytes) => {
    const h = boot('higress', bytes, { pluginConfiguration: {}, rootId: 'as_pause_for_body' });
    const s = h.newHttpStream();
    s.sendRequestHeaders(POST, false);
    expect(s.sendRequestBody('{}', true).calls).toEqual([]);
    expect(s.state.request.stop?.status).toBe('StopAllIterationAndWatermark');
    expect(h.pending()).toMatchObject({ timers: [], httpCalls: [], redisCalls: [] });
  });
});
