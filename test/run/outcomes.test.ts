/**
 * One WAT plugin per outcome, driven in-process through the built-in scenarios: what the
 * driver concludes (outcome, rule ids) and what it tells the user (cause and fix).
 */
import { describe, expect, test } from 'vitest';
import { PLUGINS } from './plugins.js';
import { builtinScenarios } from '../../src/scenarios/index.js';
import { ruleIds, runInProcess, scenario } from './harness.js';
import { IMPORTS, wasm } from './wat.js';

const POSTS = ['http-post-json', 'openai-chat', 'openai-chat-stream'] as const;

describe('forwarded', () => {
  test('a plugin that adds a header: every scenario forwarded, the upstream sees the header', async () => {
    const run = runInProcess(await wasm(PLUGINS.forward), 'envoy');
    expect(run.bootOk).toBe(true);
    expect(Object.values(run.outcomes)).toEqual(['forwarded', 'forwarded', 'forwarded', 'forwarded', 'forwarded']);
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
    const run = runInProcess(await wasm(PLUGINS.pauseForBody('0_2_0')), 'higress', undefined, { toolchain: 'tinygo', hasBuildRc: true });
    expect(run.outcomes).toEqual({ 'http-get': 'forwarded', 'http-post-json': 'hang', 'openai-chat': 'hang', 'openai-chat-stream': 'hang', 'bare-request': 'forwarded' });
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

  // The fix names what the plugin's toolchain can do: only the Higress Go SDKs export 0.2.100.
  test.each([
    ['unknown', false, 'Call proxy_continue_stream(0) when the headers are handled, or return Continue from the headers and do the work in the body callback.'],
    ['assemblyscript', false, 'Call proxy_continue_stream(0) (@solo-io/proxy-runtime: this.continueRequest()) when the headers are handled, or return Continue from the headers and do the work in the body callback (@solo-io/proxy-runtime exports only proxy_abi_version_0_2_0).'],
    ['rust', false, 'Call proxy_continue_stream(0) (Rust SDK: self.resume_http_request()) when the headers are handled, or return Continue from the headers and do the work in the body callback.'],
    ['go', false, 'Build with the Higress Go SDK (github.com/higress-group/proxy-wasm-go-sdk, go-1.24 line), which exports proxy_abi_version_0_2_100; or call proxy_continue_stream(0) (Go SDK: proxywasm.ResumeHttpRequest()) when the headers are handled.'],
    ['tinygo', false, 'Rebuild with the Higress TinyGo SDK\'s tag (tinygo build -tags proxy_wasm_version_0_2_100), so the module exports proxy_abi_version_0_2_100; or call proxy_continue_stream(0) (Go SDK: proxywasm.ResumeHttpRequest()) when the headers are handled.'],
    ['tinygo', true, 'Add EXTRA_TAGS=proxy_wasm_version_0_2_100 to the plugin\'s .buildrc and rebuild, so the module exports proxy_abi_version_0_2_100; or call proxy_continue_stream(0) (Go SDK: proxywasm.ResumeHttpRequest()) when the headers are handled.'],
  ] as const)('the fix for a %s build (.buildrc: %s) fits that toolchain', async (toolchain, hasBuildRc, hint) => {
    const run = runInProcess(await wasm(PLUGINS.pauseForBody('0_2_0')), 'higress', builtinScenarios().slice(1, 2), { toolchain, hasBuildRc });
    expect(run.scenarios[0]?.findings.find((x) => x.ruleId === 'WV3006')?.hint).toBe(hint);
  });

  test("the hang's trace holds the scenario's own events, not the end of the previous scenario", async () => {
    const run = runInProcess(await wasm(PLUGINS.pauseForBody('0_2_0')), 'higress', builtinScenarios().slice(0, 2));
    expect(run.outcomes).toEqual({ 'http-get': 'forwarded', 'http-post-json': 'hang' });
    const trace = run.scenarios[1]?.findings.find((x) => x.ruleId === 'WV3006')?.trace ?? [];
    expect(trace[0]).toEqual({ dir: 'host->vm', text: 'proxy_on_context_create(3, 1)' });
    expect(trace.some((e) => /^proxy_on_(log|done|delete)\(2\)/.test(e.text))).toBe(false);
  });

  test('on envoy the reason is the host (no ABI escapes the conversion), not the marker', async () => {
    const run = runInProcess(await wasm(PLUGINS.pauseForBody('0_2_1')), 'envoy');
    const f = run.scenarios.find((s) => s.name === 'http-post-json')?.findings.find((x) => x.ruleId === 'WV3006');
    expect(f?.message).toMatch(/^POST \/api\/items hangs: proxy_on_request_headers returned StopIteration \(1\); .* turns StopIteration from a headers callback into StopAllIterationAndWatermark for every ABI version/);
    // Envoy >= 1.35 has the plugin option that keeps StopIteration; older releases do not.
    expect(f?.message).toContain('(its plugin option allow_on_headers_stop_iteration is off by default)');
    expect(f?.hint).toBe("Call proxy_continue_stream(0) when the plugin is done, or return Continue from the headers and do the work in the body callback; or set allow_on_headers_stop_iteration: true in the plugin's configuration (PluginConfig).");
    const old = runInProcess(await wasm(PLUGINS.pauseForBody('0_2_1')), 'envoy-1.32.13', builtinScenarios().slice(1, 2));
    const g = old.scenarios[0]?.findings.find((x) => x.ruleId === 'WV3006');
    expect(g?.message).toContain('(this release has no option to keep it; Envoy 1.35, Istio 1.27 added allow_on_headers_stop_iteration)');
    expect(g?.hint).toBe('Call proxy_continue_stream(0) when the plugin is done, or return Continue from the headers and do the work in the body callback.');
    const rc = runInProcess(await wasm(PLUGINS.pauseForBody('0_2_0')), 'envoy-1.32.13', builtinScenarios().slice(1, 2), { toolchain: 'go', hasBuildRc: true, rebuildCommand: 'PLUGIN_NAME=x EXTRA_TAGS=proxy_wasm_version_0_2_100 make build' });
    expect(rc.scenarios[0]?.findings.find((x) => x.ruleId === 'WV3006')?.hint).toBe(
      "Call proxy_continue_stream(0) (Go SDK: proxywasm.ResumeHttpRequest()) when the plugin is done, or return Continue from the headers and do the work in the body callback; for Higress only, rebuild with the tag the plugin's .buildrc asks for, so the module exports proxy_abi_version_0_2_100: PLUGIN_NAME=x EXTRA_TAGS=proxy_wasm_version_0_2_100 make build.",
    );
  });

  test('the same filter exporting 0_2_100 passes on higress: the body callback resumes the request', async () => {
    const run = runInProcess(await wasm(PLUGINS.pauseForBody('0_2_100')), 'higress');
    expect(Object.values(run.outcomes)).toEqual(['forwarded', 'forwarded', 'forwarded', 'forwarded', 'forwarded']);
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
    expect(Object.values(run.outcomes)).toEqual(['forwarded', 'forwarded', 'forwarded', 'forwarded', 'forwarded']);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  test('a timer that resumes the stream passes on virtual time', async () => {
    const started = performance.now();
    const run = runInProcess(await wasm(PLUGINS.tick), 'envoy');
    expect(Object.values(run.outcomes)).toEqual(['forwarded', 'forwarded', 'forwarded', 'forwarded', 'forwarded']);
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
    const run = runInProcess(await wasm({ ...PLUGINS.tickNoResume, abi: '0_2_0', body }), 'higress', undefined, { stallDeadlineMs: 2_000, toolchain: 'tinygo' });
    const f = run.scenarios.find((s) => s.name === 'openai-chat')?.findings.find((x) => x.ruleId === 'WV3007');
    expect(f?.message).toMatch(/^POST \/v1\/chat\/completions stalls: proxy_on_request_headers returned StopIteration \(1\); this module exports proxy_abi_version_0_2_0, so the gateway turns that into StopAllIterationAndWatermark and never delivers the request body; it waited for the 1000 ms timer/);
    expect(f?.hint).toContain('proxy_abi_version_0_2_100');
  });
});

describe('local replies', () => {
  test('a 401 from the plugin is a legitimate outcome: local-response, no finding', async () => {
    const run = runInProcess(await wasm(PLUGINS.deny), 'higress');
    expect(Object.values(run.outcomes)).toEqual(['local-response', 'local-response', 'local-response', 'local-response', 'local-response']);
    expect(run.scenarios[0]?.client?.headers[0]).toEqual([':status', '401']);
    expect(run.scenarios[0]?.client?.body).toBe('no\n');
    expect(run.scenarios[0]?.upstream).toBeUndefined();
    expect(run.scenarios.flatMap((s) => s.findings)).toEqual([]);
  });

  test('a second local reply on one stream is WV3010', async () => {
    const run = runInProcess(await wasm(PLUGINS.twoReplies), 'envoy', undefined, { toolchain: 'go' });
    expect(ruleIds(run.scenarios.flatMap((s) => s.findings))).toContain('WV3010');
    // The plugin returned Continue: the fix is not to reply twice, not "return Continue".
    const hang = run.scenarios[0]?.findings.find((f) => f.ruleId === 'WV3006');
    expect(hang?.message).toBe(
      'The response to GET / hangs: proxy_on_response_headers returned Continue (0); the gateway applies StopAllIterationAndWatermark (proxy_send_local_response was called during the callback, which forces a stop status (stopNextIteration)): the plugin called it a second time, for the response of its own local reply, and Envoy 1.27 refused that reply (BadArgument) but still stopped the response; nothing resumes the stream; Envoy answers 504 "stream timeout" after the 300 s stream idle timeout.',
    );
    expect(hang?.hint).toBe(
      "Send one local reply per stream: proxy_on_response_headers and _body also run for the plugin's own local reply, so remember that the stream was answered and do not call proxy_send_local_response again from them.",
    );
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
    expect(Object.values(run.outcomes)).toEqual(['trap', 'trap', 'trap', 'trap', 'trap']);
    const f = run.scenarios[0]?.findings.find((x) => x.ruleId === 'WV3005');
    expect(f?.message).toMatch(/^"Function: proxy_on_request_headers failed: Uncaught RuntimeError: unreachable"/);
    expect(f?.message).toContain('(in-VM backtrace: fail <- on_request_headers)');
    expect(f?.message).toContain('503 (details wasm_fail_stream)');
    expect(f?.message).toContain('at most once every 5 s');
  });

  test('what the runtime logged at critical just before trapping is in the finding (AssemblyScript abort), and the hint points at --root-id', async () => {
    const text = 'Missing root context factory for root id: ';
    const body = `(func (export "proxy_on_context_create") (param i32 i32)
      (if (i32.eqz (local.get 1)) (then (drop (call $log (i32.const 5) (i32.const 1024) (i32.const ${text.length}))) unreachable)))`;
    const run = runInProcess(await wasm({ imports: IMPORTS.log, data: `(data (i32.const 1024) "${text}")`, body, noContextCreate: true }), 'envoy', undefined, { rootId: 'my_root' });
    const f = run.bootFindings.find((x) => x.ruleId === 'WV3005');
    expect(f?.message).toContain(`after the plugin logged "${text}"`);
    expect(f?.hint).toBe('The plugin registers no root context for root id "my_root": pass the root_id it registers (the root_id of its gateway configuration) with --root-id.');
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

  test('a start or configure failure carries the whole trace up to it under --trace (keepTrace), else its last events', async () => {
    const full = runInProcess(await wasm(PLUGINS.configureFalse), 'envoy', undefined, { keepTrace: true });
    const trace = full.bootFindings.find((f) => f.ruleId === 'WV3004')?.trace ?? [];
    expect(trace[0]?.text).toMatch(/^proxy_on_context_create\(1, 0\)/);
    expect(trace.at(-1)).toEqual({ dir: 'host<-vm', text: 'proxy_on_configure return: 0' });
  });

  test('WV3004 hint from the facts: what the plugin logged, and whether a configuration was given', async () => {
    const silent = runInProcess(await wasm(PLUGINS.configureFalse), 'envoy');
    expect(silent.bootFindings.find((f) => f.ruleId === 'WV3004')?.hint).toBe(
      'The plugin rejected an empty configuration (none was given: pass it with --config) without logging why: check it against what the plugin expects; run with --trace to see the calls that led to it.',
    );
    const text = 'missing field provider';
    const body = `(func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
      (func (export "proxy_on_configure") (param i32 i32) (result i32) (drop (call $log (i32.const 4) (i32.const 1024) (i32.const ${text.length}))) (i32.const 0))`;
    const logged = runInProcess(await wasm({ imports: IMPORTS.log, data: `(data (i32.const 1024) "${text}")`, body, noRoot: true }), 'envoy', undefined, { pluginConfiguration: '{}' });
    expect(logged.bootFindings.find((f) => f.ruleId === 'WV3004')?.hint).toBe(
      'The plugin rejected the configuration given with --config or --wasmplugin and logged "missing field provider": fix what that names.',
    );
  });

  test.each([
    ['unknown', 'Move the call out of the start functions into proxy_on_vm_start or proxy_on_configure (out of static constructors and main()).'],
    ['go', 'Move the call out of the start functions into proxy_on_vm_start or proxy_on_configure (Go: out of init()/main() into OnPluginStart / OnPluginConfigure).'],
  ] as const)('WV3001 during start, %s toolchain: the hint names that build', async (toolchain, hint) => {
    const run = runInProcess(await wasm(PLUGINS.restrictedInit), 'envoy', undefined, { toolchain });
    const f = run.bootFindings.find((x) => x.ruleId === 'WV3001');
    expect(f?.message).toBe(
      '_initialize called env.proxy_set_tick_period_milliseconds while the start functions run, which the host does not allow: the VM fails with "Uncaught Error: restricted_callback" and the gateway logs "Failed to initialize Wasm code".',
    );
    expect(f?.hint).toBe(hint);
  });

  // The text each failing step makes the gateway log (cpp-host src/wasm.cc createWasm, canary).
  test.each([
    ['a trap in _initialize', 'WV3002', 'Failed to initialize Wasm code', '(func (export "_initialize") unreachable)'],
    ['a trap in the root proxy_on_context_create', 'WV3005', 'Failed to start base Wasm', '(func (export "proxy_on_context_create") (param i32 i32) unreachable)'],
    ['a trap in proxy_on_vm_start', 'WV3005', 'Failed to start base Wasm', '(func (export "proxy_on_vm_start") (param i32 i32) (result i32) unreachable) (func (export "proxy_on_configure") (param i32 i32) (result i32) (i32.const 1))'],
    ['a trap in proxy_on_configure', 'WV3005', 'Failed to configure base Wasm plugin', '(func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1)) (func (export "proxy_on_configure") (param i32 i32) (result i32) unreachable)'],
  ])('%s: %s quotes "%s"', async (_, rule, text, body) => {
    const patched = await wasm({ body, noRoot: body.includes('proxy_on_vm_start'), noContextCreate: body.includes('proxy_on_context_create') });
    const run = runInProcess(patched, 'envoy');
    expect(run.bootOk).toBe(false);
    const f = run.bootFindings.find((x) => x.ruleId === rule);
    expect(f?.message).toContain(`"${text}"`);
    for (const other of ['Failed to initialize Wasm code', 'Failed to start base Wasm', 'Failed to configure base Wasm plugin'].filter((t) => t !== text)) {
      expect(f?.message).not.toContain(other);
    }
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
    expect(Object.values(run.outcomes)).toEqual(['forwarded', 'forwarded', 'forwarded', 'forwarded', 'forwarded']);
    // It did nothing to the requests without a configuration (WV4008), then trapped at removal.
    expect(run.findings.map((f) => f.ruleId)).toEqual(['WV4008', 'WV3005']);
    expect(run.findings[1]?.message).toMatch(/^"Function: proxy_on_done failed: /);
  });
});

describe('response side', () => {
  test('StopIteration from response headers under 0.2.0 hangs the response, explained for the response', async () => {
    const body = `(func (export "proxy_on_response_headers") (param i32 i32 i32) (result i32) (select (i32.const 0) (i32.const 1) (local.get 2)))
      (func (export "proxy_on_response_body") (param i32 i32 i32) (result i32) (i32.const 0))`;
    const run = runInProcess(await wasm({ abi: '0_2_0', body }), 'higress', undefined, { toolchain: 'go' });
    expect(run.outcomes['openai-chat']).toBe('hang');
    const f = run.scenarios.find((s) => s.name === 'openai-chat')?.findings.find((x) => x.ruleId === 'WV3006');
    expect(f?.message).toBe(
      'The response to POST /v1/chat/completions hangs: proxy_on_response_headers returned StopIteration (1); this module exports proxy_abi_version_0_2_0, so the gateway turns that into StopAllIterationAndWatermark and never delivers the response body; nothing resumes the stream; Envoy answers 504 "stream timeout" after the 300 s stream idle timeout.',
    );
    expect(f?.hint).toContain('proxy_continue_stream(1) (Go SDK: proxywasm.ResumeHttpResponse())');
    expect(run.scenarios.find((s) => s.name === 'openai-chat')?.upstream?.body).toContain('gpt-4o-mini');
  });
});
