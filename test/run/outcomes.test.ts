/**
 * One WAT plugin per outcome, driven in-process through the built-in scenarios: what the
 * driver concludes (outcome, rule ids) and what it tells the user (cause and fix).
 */
import { describe, expect, test } from 'vitest';
import { PLUGINS } from './plugins.js';
import { builtinScenarios } from '../../src/scenarios/index.js';
import { ruleIds, runInProcess, scenario } from './harness.js';
import { wasm } from './wat.js';

const POSTS = ['http-post-json', 'openai-chat', 'openai-chat-stream'] as const;

describe('forwarded', () => {
  test('a plugin that adds a header: every scenario forwarded, the upstream sees the header', async () => {
    const run = runInProcess(await wasm(PLUGINS.forward), 'envoy');
    expect(run.bootOk).toBe(true);
    expect(Object.values(run.outcomes)).toEqual(['forwarded', 'forwarded', 'forwarded', 'forwarded']);
    const chat = run.scenarios.find((s) => s.name === 'openai-chat');
    expect(chat?.upstream?.headers).toContainEqual(['x-wv', '1']);
    expect(chat?.upstream?.body).toContain('"gpt-4o-mini"');
    expect(chat?.client?.headers[0]).toEqual([':status', '200']);
    expect(chat?.client?.body).toContain('chat.completion');
    const stream = run.scenarios.find((s) => s.name === 'openai-chat-stream');
    expect(stream?.client?.body.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(run.scenarios.flatMap((s) => s.findings)).toEqual([]);
  });
});

describe('logical hang (the founding bug)', () => {
  test('ABI 0.2.0 StopIteration on higress: POSTs hang with the cause and the rebuild hint; GET passes', async () => {
    const run = runInProcess(await wasm(PLUGINS.pauseForBody('0_2_0')), 'higress');
    expect(run.outcomes).toEqual({ 'http-get': 'forwarded', 'http-post-json': 'hang', 'openai-chat': 'hang', 'openai-chat-stream': 'hang' });
    const chat = run.scenarios.find((s) => s.name === 'openai-chat');
    const f = chat?.findings.find((x) => x.ruleId === 'WV3006');
    expect(f?.message).toBe(
      'POST /v1/chat/completions hangs: proxy_on_request_headers returned StopIteration (1); this module exports proxy_abi_version_0_2_0, so the gateway turns that into StopAllIterationAndWatermark and never delivers the request body; nothing resumes the stream; Envoy answers 504 "stream timeout" after the 300 s stream idle timeout.',
    );
    expect(f?.hint).toContain('proxy_abi_version_0_2_100');
    expect(f?.hint).toContain('EXTRA_TAGS=proxy_wasm_version_0_2_100');
    expect(f?.hint).toContain('.buildrc');
    expect(f?.hint).toContain('proxy_continue_stream(0)');
    expect(f?.trace?.length).toBeGreaterThan(0);
    // The gateway's own end: the idle timeout answers the client.
    expect(chat?.client?.headers).toContainEqual([':status', '504']);
    expect(chat?.upstream).toBeUndefined();
  });

  test('on envoy the reason is the host (no ABI escapes the conversion), not the marker', async () => {
    const run = runInProcess(await wasm(PLUGINS.pauseForBody('0_2_1')), 'envoy');
    const f = run.scenarios.find((s) => s.name === 'http-post-json')?.findings.find((x) => x.ruleId === 'WV3006');
    expect(f?.message).toMatch(/^POST \/api\/items hangs: proxy_on_request_headers returned StopIteration \(1\); .* turns StopIteration from a headers callback into StopAllIterationAndWatermark for every ABI version/);
    expect(f?.hint).toMatch(/proxy_continue_stream\(0\)/);
  });

  test('the same filter exporting 0_2_100 passes on higress: the body callback resumes the request', async () => {
    const run = runInProcess(await wasm(PLUGINS.pauseForBody('0_2_100')), 'higress');
    expect(Object.values(run.outcomes)).toEqual(['forwarded', 'forwarded', 'forwarded', 'forwarded']);
    expect(run.scenarios.find((s) => s.name === 'openai-chat')?.upstream?.headers).toContainEqual(['x-body-seen', '1']);
  });

  test('0.2.100 StopIteration on a request without a body hangs: no body callback will come', async () => {
    const run = runInProcess(await wasm(PLUGINS.pauseAlways), 'higress');
    expect(run.outcomes['http-get']).toBe('hang');
    for (const n of POSTS) expect(run.outcomes[n]).toBe('forwarded');
    const f = run.scenarios[0]?.findings.find((x) => x.ruleId === 'WV3006');
    expect(f?.message).toContain('GET / hangs: proxy_on_request_headers returned StopIteration (1); this module exports proxy_abi_version_0_2_100, so the gateway keeps StopIteration');
    expect(f?.message).toContain('has no body');
    expect(f?.hint).toContain('proxy_continue_stream(0)');
  });
});

describe('pending work', () => {
  test('a callout that resumes the stream passes, without real waiting', async () => {
    const started = performance.now();
    const run = runInProcess(await wasm(PLUGINS.callout(true)), 'envoy');
    expect(Object.values(run.outcomes)).toEqual(['forwarded', 'forwarded', 'forwarded', 'forwarded']);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  test('a timer that resumes the stream passes on virtual time', async () => {
    const started = performance.now();
    const run = runInProcess(await wasm(PLUGINS.tick), 'envoy');
    expect(Object.values(run.outcomes)).toEqual(['forwarded', 'forwarded', 'forwarded', 'forwarded']);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  test('a callout answered but never followed by a resume is a stall naming the call', async () => {
    const run = runInProcess(await wasm(PLUGINS.callout(false)), 'envoy', undefined, { stallDeadlineMs: 10_000 });
    expect(run.outcomes['http-get']).toBe('stall');
    const f = run.scenarios[0]?.findings.find((x) => x.ruleId === 'WV3007');
    expect(f?.message).toBe(
      'GET / stalls: proxy_on_request_headers returned StopIteration (1); it waited for the HTTP call to cluster "auth" (token 4); the HTTP call to cluster "auth" (token 4) was answered 200, but nothing resumed the stream, and then nothing else was pending.',
    );
    expect(f?.hint).toContain('proxy_set_effective_context');
  });

  test('a callout whose mock never answers times out like Envoy (504 at the call timeout)', async () => {
    const never = scenario({ mocks: { http: { auth: { never: true } } } });
    const run = runInProcess(await wasm(PLUGINS.callout(false, 250)), 'envoy', [never], { stallDeadlineMs: 1_000 });
    const f = run.scenarios[0]?.findings.find((x) => x.ruleId === 'WV3007');
    expect(f?.message).toContain('timed out after 250 ms (504)');
  });

  test('a timer that ticks without resuming is a stall after the virtual deadline', async () => {
    const run = runInProcess(await wasm(PLUGINS.tickNoResume), 'envoy', undefined, { stallDeadlineMs: 5_000 });
    expect(run.outcomes['http-get']).toBe('stall');
    const f = run.scenarios[0]?.findings.find((x) => x.ruleId === 'WV3007');
    expect(f?.message).toContain('it waited for the 1000 ms timer of root context 1; the 1000 ms timer of root context 1 fired 5 times, but nothing resumed the stream within 5000 ms of virtual time.');
  });

  test('a callout answered by another callout, forever, is one bounded sentence: grouped by cluster, and the event budget named as the end', async () => {
    const run = runInProcess(await wasm(PLUGINS.calloutPingPong), 'envoy', builtinScenarios().slice(0, 1));
    const f = run.scenarios[0]?.findings.find((x) => x.ruleId === 'WV3007');
    expect(f?.message).toBe(
      'GET / stalls: proxy_on_request_headers returned StopIteration (1); it waited for the HTTP call to cluster "auth" (token 4); 5000 HTTP calls to cluster "auth", each answered 200, but nothing resumed the stream in 5000 events (25000 ms of virtual time), where wasm-verify stopped waiting.',
    );
  });

  test('a stall caused by the ABI conversion says so, whatever was pending', async () => {
    // A timer is pending, but the plugin waits for its body callback, which StopAll withholds.
    const body = `${PLUGINS.tickNoResume.body} (func (export "proxy_on_request_body") (param i32 i32 i32) (result i32) (i32.const 0))`;
    const run = runInProcess(await wasm({ ...PLUGINS.tickNoResume, abi: '0_2_0', body }), 'higress', undefined, { stallDeadlineMs: 2_000 });
    const f = run.scenarios.find((s) => s.name === 'openai-chat')?.findings.find((x) => x.ruleId === 'WV3007');
    expect(f?.message).toMatch(/^POST \/v1\/chat\/completions stalls: proxy_on_request_headers returned StopIteration \(1\); this module exports proxy_abi_version_0_2_0, so the gateway turns that into StopAllIterationAndWatermark and never delivers the request body; it waited for the 1000 ms timer/);
    expect(f?.hint).toContain('proxy_abi_version_0_2_100');
  });
});

describe('local replies', () => {
  test('a 401 from the plugin is a legitimate outcome: local-response, no finding', async () => {
    const run = runInProcess(await wasm(PLUGINS.deny), 'higress');
    expect(Object.values(run.outcomes)).toEqual(['local-response', 'local-response', 'local-response', 'local-response']);
    expect(run.scenarios[0]?.client?.headers[0]).toEqual([':status', '401']);
    expect(run.scenarios[0]?.client?.body).toBe('no\n');
    expect(run.scenarios[0]?.upstream).toBeUndefined();
    expect(run.scenarios.flatMap((s) => s.findings)).toEqual([]);
  });

  test('a second local reply on one stream is WV3010', async () => {
    const run = runInProcess(await wasm(PLUGINS.twoReplies), 'envoy');
    expect(ruleIds(run.scenarios.flatMap((s) => s.findings))).toContain('WV3010');
  });

  test('a reset is an error outcome with WV4007', async () => {
    const run = runInProcess(await wasm(PLUGINS.reset), 'envoy');
    expect(run.outcomes['http-get']).toBe('error');
    expect(ruleIds(run.scenarios[0]?.findings ?? [])).toEqual(['WV4007']);
  });
});

describe('traps', () => {
  test('a trap fails the VM; later scenarios run on a fresh VM and trap too', async () => {
    const run = runInProcess(await wasm(PLUGINS.trap), 'higress');
    expect(Object.values(run.outcomes)).toEqual(['trap', 'trap', 'trap', 'trap']);
    const f = run.scenarios[0]?.findings.find((x) => x.ruleId === 'WV3005');
    expect(f?.message).toMatch(/^"Function: proxy_on_request_headers failed: Uncaught RuntimeError: unreachable"/);
    expect(f?.message).toContain('(in-VM backtrace: fail <- on_request_headers)');
    expect(f?.message).toContain('503 (details wasm_fail_stream)');
    expect(f?.message).toContain('at most once every 5 s');
  });

  test('the panic text the plugin printed is in the finding', async () => {
    const run = runInProcess(await wasm(PLUGINS.panic), 'envoy');
    const f = run.scenarios[0]?.findings.find((x) => x.ruleId === 'WV3005');
    expect(f?.message).toContain('after the plugin printed "panic: boom in headers"');
    expect(f?.message).toContain('Envoy does not recover a failed VM');
  });
});

describe('start and configure', () => {
  test.each([
    ['configureFalse', 'WV3004', 'Failed to configure base Wasm plugin'],
    ['vmStartFalse', 'WV3003', 'Failed to start base Wasm'],
    ['restrictedInit', 'WV3001', 'restricted_callback'],
  ] as const)('%s: %s, and no traffic', async (name, rule, text) => {
    const run = runInProcess(await wasm(PLUGINS[name]), 'envoy');
    expect(run.bootOk).toBe(false);
    expect(run.scenarios).toEqual([]);
    expect(ruleIds(run.bootFindings.filter((f) => f.severity === 'error'))).toEqual([rule]);
    expect(run.bootFindings.find((f) => f.ruleId === rule)?.message).toContain(text);
  });
});

describe('expectations', () => {
  test('a miss is WV4003 with expected and actual values', async () => {
    const s = scenario({ expect: { status: 201, headers: { 'x-missing': 'yes' }, outcome: 'forwarded' } });
    const run = runInProcess(await wasm(PLUGINS.forward), 'envoy', [s]);
    const messages = run.scenarios[0]?.findings.map((f) => f.message);
    expect(messages).toEqual(['In custom, the response status was 200, expected 201.', 'In custom, header x-missing of the response was absent, expected "yes".']);
  });
});

describe('plugin removal', () => {
  test('a trap in proxy_on_done of the root context is reported after the scenarios', async () => {
    const run = runInProcess(await wasm({ body: '(func (export "proxy_on_done") (param i32) (result i32) (if (i32.eq (local.get 0) (i32.const 1)) (then unreachable)) (i32.const 1))' }), 'envoy', undefined);
    expect(Object.values(run.outcomes)).toEqual(['forwarded', 'forwarded', 'forwarded', 'forwarded']);
    expect(run.findings.map((f) => f.ruleId)).toEqual(['WV3005']);
    expect(run.findings[0]?.message).toMatch(/^"Function: proxy_on_done failed: /);
  });
});

describe('response side', () => {
  test('StopIteration from response headers under 0.2.0 hangs the response, explained for the response', async () => {
    const body = `(func (export "proxy_on_response_headers") (param i32 i32 i32) (result i32) (select (i32.const 0) (i32.const 1) (local.get 2)))
      (func (export "proxy_on_response_body") (param i32 i32 i32) (result i32) (i32.const 0))`;
    const run = runInProcess(await wasm({ abi: '0_2_0', body }), 'higress', undefined);
    expect(run.outcomes['openai-chat']).toBe('hang');
    const f = run.scenarios.find((s) => s.name === 'openai-chat')?.findings.find((x) => x.ruleId === 'WV3006');
    expect(f?.message).toBe(
      'The response to POST /v1/chat/completions hangs: proxy_on_response_headers returned StopIteration (1); this module exports proxy_abi_version_0_2_0, so the gateway turns that into StopAllIterationAndWatermark and never delivers the response body; nothing resumes the stream; Envoy answers 504 "stream timeout" after the 300 s stream idle timeout.',
    );
    expect(f?.hint).toContain('proxy_continue_stream(1) (Go SDK: proxywasm.ResumeHttpResponse())');
    expect(run.scenarios.find((s) => s.name === 'openai-chat')?.upstream?.body).toContain('gpt-4o-mini');
  });
});
