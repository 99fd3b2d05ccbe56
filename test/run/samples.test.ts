/**
 * Issue 4's checks on the real sample plugins (built by real toolchains), through verify():
 * the founding case and its fix, a panic, an auth plugin answering locally, resumes from a timer
 * and a callout without real waiting, an infinite loop cut at the deadline.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { verify } from '../../src/index.js';
import type { PluginResult } from '../../src/report.js';
import { SAMPLES_DIR } from '../matrix/expected.js';

const ROOT = resolve(import.meta.dirname, '../..');
const LLM = new TextEncoder().encode(JSON.stringify({ provider: { type: 'openai', apiTokens: ['sk-test'], modelMapping: { 'gpt-4o-mini': 'gpt-4o' } } }));
const dir = mkdtempSync(join(tmpdir(), 'wv-samples-'));
const sample = (name: string): string => join(SAMPLES_DIR, `${name}.wasm`);

function scenarioFile(name: string, yaml: string): string {
  const p = join(dir, `${name}.yaml`);
  writeFileSync(p, yaml);
  return p;
}

async function one(file: string, options: Parameters<typeof verify>[1]): Promise<PluginResult> {
  const report = await verify([file], options);
  const r = report.results[0];
  if (r === undefined) throw new Error('no result');
  return r;
}

const outcomes = (r: PluginResult): Record<string, string> => Object.fromEntries(r.scenarios.map((s) => [s.name, s.outcome]));

describe('the founding case (higress#1847)', () => {
  test('built without the tag: openai-chat hangs with the cause and the exact rebuild command', async () => {
    const r = await one(sample('go-llm-gateway-no-tag'), { host: 'higress', config: LLM, pluginDir: join(ROOT, 'sample-plugins/go/llm-gateway') });
    expect(r.verdict).toBe('fail');
    expect(outcomes(r)).toEqual({ 'http-get': 'forwarded', 'http-post-json': 'hang', 'openai-chat': 'hang', 'openai-chat-stream': 'hang', 'bare-request': 'forwarded' });
    const f = r.scenarios.find((s) => s.name === 'openai-chat')?.findings.find((x) => x.ruleId === 'WV3006');
    expect(f?.message).toBe(
      'POST /v1/chat/completions hangs: proxy_on_request_headers returned StopIteration (1); this module exports proxy_abi_version_0_2_0, so the gateway turns that into StopAllIterationAndWatermark and never delivers the request body; nothing resumes the stream; Envoy answers 504 "stream timeout" after the 300 s stream idle timeout.',
    );
    expect(f?.hint).toContain('PLUGIN_NAME=llm-gateway EXTRA_TAGS=proxy_wasm_version_0_2_100 make build');
  });

  test('the same source with the tag passes; the upstream sees the rewritten request', async () => {
    const r = await one(sample('go-llm-gateway'), { host: 'higress', config: LLM });
    expect(r.verdict).toBe('pass');
    const chat = r.scenarios.find((s) => s.name === 'openai-chat');
    expect(chat?.outcome).toBe('forwarded');
    expect(chat?.upstream?.headers).toContainEqual([':authority', 'api.openai.com']);
    expect(chat?.upstream?.headers).toContainEqual(['authorization', 'Bearer sk-test']);
    expect(JSON.parse(chat?.upstream?.body ?? '{}').model).toBe('gpt-4o');
    expect(r.scenarios.find((s) => s.name === 'openai-chat-stream')?.client?.body.endsWith('data: [DONE]\n\n')).toBe(true);
  });
});

describe('other sample behaviours', () => {
  test('AssemblyScript pause-for-body hangs under 0.2.0 semantics', async () => {
    const config = new TextEncoder().encode('{}');
    const r = await one(sample('as-pause-for-body'), { host: 'higress', config, rootId: 'as_pause_for_body', scenarios: ['http-get', 'openai-chat'] });
    expect(outcomes(r)).toEqual({ 'http-get': 'forwarded', 'openai-chat': 'hang' });
  });

  test('a Go panic is a trap with its panic text and backtrace', async () => {
    const panic = scenarioFile('panic', 'name: panic-header\nrequest: { path: /boom, headers: { x-panic: "1" } }\n');
    const r = await one(sample('go-panic-on-header'), { host: 'higress', scenarios: [panic, 'http-get'] });
    expect(outcomes(r)).toEqual({ 'panic-header': 'trap', 'http-get': 'forwarded' });
    const f = r.scenarios[0]?.findings.find((x) => x.ruleId === 'WV3005');
    expect(f?.message).toContain('after the plugin printed "panic: panic-on-header: request carried x-panic: 1"');
    expect(f?.message).toContain('main.stream.OnRequestHeaders');
    expect(r.scenarios[0]?.findings.map((x) => x.ruleId)).toEqual(['WV3005']);
  });

  test('an auth plugin answering locally is a pass with outcome local-response', async () => {
    const denied = scenarioFile('denied', 'name: denied\nrequest: { path: /private }\nmocks: { http: { auth: { status: 401, body: no } } }\nexpect: { outcome: local-response }\n');
    const config = new TextEncoder().encode(JSON.stringify({ cluster: 'auth', path: '/check' }));
    const r = await one(sample('go-callout-auth'), { host: 'higress', config, scenarios: [denied, 'http-get'] });
    expect(r.verdict).toBe('pass');
    expect(outcomes(r)).toEqual({ denied: 'local-response', 'http-get': 'forwarded' });
  });

  test('resumes from a timer and from a Redis reply pass without real waiting', async () => {
    const started = performance.now();
    const tick = await one(sample('go-tick-resume'), { host: 'higress' });
    const redis = await one(sample('go-redis-ratelimit'), { host: 'higress', config: new TextEncoder().encode('{"cluster":"redis","limit":10}') });
    expect([tick.verdict, redis.verdict]).toEqual(['pass', 'pass']);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  test('an infinite loop in a body callback is a CPU hang reported within the deadline', async () => {
    const started = performance.now();
    const r = await one(sample('c-busy-loop'), { host: 'envoy', timeoutMs: 400, scenarios: ['http-get', 'openai-chat'] });
    expect(outcomes(r)).toEqual({ 'http-get': 'forwarded', 'openai-chat': 'cpu-hang' });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
