import { describe, expect, test } from 'vitest';
import { builtinScenarios, requestLine, type Scenario } from '../../src/scenarios/index.js';

const byName = new Map(builtinScenarios().map((s) => [s.name, s]));
function get(name: string): Scenario {
  const s = byName.get(name);
  if (s === undefined) throw new Error(`no built-in ${name}`);
  return s;
}
const header = (s: Scenario, k: string): string | undefined => s.request.headers.find(([n]) => n === k)?.[1];

describe('built-in scenarios', () => {
  test('run in the documented order', () => {
    expect([...byName.keys()]).toEqual(['http-get', 'http-post-json', 'openai-chat', 'openai-chat-stream', 'bare-request']);
  });

  test.each([...byName.values()])('$name has the pseudo-headers and the headers Envoy adds', (s) => {
    expect(s.request.headers.slice(0, 4).map(([k]) => k)).toEqual([':method', ':scheme', ':authority', ':path']);
    expect(header(s, 'x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(header(s, 'x-forwarded-proto')).toBe('http');
    expect(s.upstream.headers[0]).toEqual([':status', expect.stringMatching(/^\d{3}$/)]);
    for (const [k] of [...s.request.headers, ...s.upstream.headers]) expect(k).toBe(k.toLowerCase());
  });

  test('http-get has no body, so its headers arrive with end_of_stream', () => {
    const s = get('http-get');
    expect(requestLine(s)).toBe('GET /');
    expect(s.request.body).toEqual([]);
    expect(s.request.trailers).toEqual([]);
    expect(header(s, 'content-length')).toBeUndefined();
  });

  test('http-post-json sends one JSON document in two chunks with its content-length', () => {
    const s = get('http-post-json');
    expect(s.request.body).toHaveLength(2);
    const body = s.request.body.join('');
    expect(JSON.parse(body)).toEqual({ name: 'widget', count: 2 });
    expect(header(s, 'content-length')).toBe(String(Buffer.byteLength(body)));
    expect(() => JSON.parse(s.request.body[0] ?? '')).toThrow();
  });

  test('openai-chat is an OpenAI chat completion with usage from the upstream', () => {
    const s = get('openai-chat');
    expect(requestLine(s)).toBe('POST /v1/chat/completions');
    const req = JSON.parse(s.request.body.join('')) as { model: string; messages: unknown[]; stream?: boolean };
    expect(req.model).toBe('gpt-4o-mini');
    expect(req.messages).toHaveLength(1);
    expect(req.stream).toBeUndefined();
    const res = JSON.parse(s.upstream.body.join('')) as { object: string; usage: { total_tokens: number } };
    expect(res.object).toBe('chat.completion');
    expect(res.usage.total_tokens).toBe(10);
  });

  test('openai-chat-stream answers SSE in chunks, one event split across two, ending data: [DONE]', () => {
    const s = get('openai-chat-stream');
    expect(JSON.parse(s.request.body.join('')).stream).toBe(true);
    expect(s.upstream.headers).toContainEqual(['content-type', 'text/event-stream']);
    const chunks = s.upstream.body;
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(chunks.filter((c) => !c.endsWith('\n\n'))).toHaveLength(1);
    expect(chunks.at(-1)).toBe('data: [DONE]\n\n');
    const events = chunks.join('').split('\n\n').filter((e) => e !== '');
    expect(events.at(-1)).toBe('data: [DONE]');
    for (const e of events.slice(0, -1)) expect(JSON.parse(e.replace(/^data: /, '')).object).toBe('chat.completion.chunk');
  });

  test('offer an auth callout mock answering 200', () => {
    for (const s of byName.values()) expect(s.mocks.http['auth']?.status).toBe(200);
  });
});
