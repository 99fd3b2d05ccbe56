import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createHost } from 'proxy-wasm-host-mock';

const dir = new URL('../../sample-plugins/build/', import.meta.url);
const sample = (name: string): Uint8Array | undefined => {
  const p = new URL(`${name}.wasm`, dir);
  return existsSync(p) ? new Uint8Array(readFileSync(p)) : undefined;
};
const CONFIG = { provider: { type: 'openai', apiTokens: ['sk-test'], modelMapping: { 'gpt-4o-mini': 'gpt-4o' } }, upstreamHost: 'api.openai.com' };
const HEADERS = [
  [':method', 'POST'],
  [':path', '/v1/chat/completions'],
  [':authority', 'gw.example.com'],
  [':scheme', 'https'],
  ['content-type', 'application/json'],
  ['content-length', '60'],
] as const;
const BODY = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}';

describe('founding case: the same LLM gateway source, 0_2_100 vs 0_2_0, on higress', () => {
  const tagged = sample('go-llm-gateway');
  const untagged = sample('go-llm-gateway-no-tag');

  test.skipIf(tagged === undefined)('0_2_100: proxy_on_request_body is delivered and the body is rewritten', () => {
    const h = createHost('higress', { module: tagged as Uint8Array, pluginConfiguration: CONFIG });
    const boot = h.boot();
    expect(boot.ok, JSON.stringify(boot.stages)).toBe(true);
    const s = h.newHttpStream();
    s.sendRequestHeaders(HEADERS, false);
    expect(s.state.request.iteration).toBe('stopped');
    expect(s.state.request.stop?.status).toBe('StopIteration');
    expect(s.state.request.stop?.bodyCallbacksDelivered).toBe(true);
    const r1 = s.sendRequestBody(BODY.slice(0, 30), false);
    expect(r1.calls.map((c) => c.export)).toEqual(['proxy_on_request_body']);
    s.sendRequestBody(BODY.slice(30), false);
    s.sendRequestBody('', true);
    expect(s.state.request.iteration).toBe('flowing');
    expect(s.upstream.endOfStream).toBe(true);
    expect(s.upstream.bodyText).toContain('gpt-4o"');
    expect(s.upstream.bodyText).not.toContain('gpt-4o-mini');
    expect(h.failure).toBeUndefined();
  });

  test.skipIf(untagged === undefined)('0_2_0: StopIteration becomes StopAll, no body callback, stopped with nothing pending', () => {
    const h = createHost('higress', { module: untagged as Uint8Array, pluginConfiguration: CONFIG });
    expect(h.boot().ok).toBe(true);
    const s = h.newHttpStream();
    s.sendRequestHeaders(HEADERS, false);
    const r = s.sendRequestBody(BODY, false);
    const end = s.sendRequestBody('', true);
    expect([...r.calls, ...end.calls]).toEqual([]);
    expect(s.state.request.iteration).toBe('stopped');
    expect(s.state.request.stop).toMatchObject({ callback: 'proxy_on_request_headers', returned: 1, status: 'StopAllIterationAndWatermark', bodyCallbacksDelivered: false });
    expect(s.state.request.stop?.reason).toContain('proxy_abi_version_0_2_0');
    expect(s.state.request.bufferedBytes).toBe(BODY.length);
    expect(s.upstream.headers).toBeUndefined();
    const p = h.pending();
    expect([p.timers, p.httpCalls, p.grpcCalls, p.redisCalls]).toEqual([[], [], [], []]);
    // What the gateway does next: the stream idle timeout answers 504 (request fully received).
    s.timeout();
    expect(s.downstream.status).toBe(504);
  });
});
