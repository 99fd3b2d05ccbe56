/**
 * Issue 9 points 5 and 6: declared clusters (a callout to another gets the host's BadArgument),
 * the notice naming every assumed cluster, and dependency faults (--faults, a scenario's
 * `fault`) on the real sample plugins.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { verify } from '../../src/index.js';
import type { PluginResult } from '../../src/report.js';
import { SAMPLES_DIR } from '../matrix/expected.js';

const sample = (name: string): string => join(SAMPLES_DIR, `${name}.wasm`);
const dir = mkdtempSync(join(tmpdir(), 'wv-deps-'));

async function one(file: string, options: Parameters<typeof verify>[1]): Promise<PluginResult> {
  const r = (await verify([file], options)).results[0];
  if (r === undefined) throw new Error('no result');
  return r;
}
const outcomes = (r: PluginResult): Record<string, string> => Object.fromEntries(r.scenarios.map((s) => [s.name, s.outcome]));
const ids = (r: PluginResult): string[] => [...r.findings, ...r.scenarios.flatMap((s) => s.findings)].map((f) => f.ruleId);

describe('--cluster', () => {
  test('none declared: every cluster exists, and a notice names each one called and what answered it', async () => {
    const r = await one(sample('go-callout-auth'), { scenarios: ['http-get'] });
    expect(outcomes(r)).toEqual({ 'http-get': 'forwarded' });
    const f = r.findings.find((x) => x.ruleId === 'WV4009');
    expect(f?.message).toBe('No --cluster was given, so every cluster the plugin called was assumed to exist: "auth" (HTTP, answered by the scenario mock).');
  });

  test('a cluster no scenario mocks: the notice says it answered 503 and how to mock a healthy answer', async () => {
    const config = new TextEncoder().encode('{"cluster":"ext-authz"}');
    const r = await one(sample('go-callout-auth'), { scenarios: ['http-get'], config });
    // The plugin takes the 503 as a denial.
    expect(outcomes(r)).toEqual({ 'http-get': 'local-response' });
    const f = r.findings.find((x) => x.ruleId === 'WV4009');
    expect(f?.message).toContain('"ext-authz" (HTTP, no mock, so it answered 503 "no healthy upstream")');
    expect(f?.hint).toContain("mocks: { http: { ext-authz: { status: 200, body: '...' } } }");
  });

  test('declared, and the plugin calls another: BadArgument as on Envoy, the plugin fails closed, and a warning names the cluster', async () => {
    const r = await one(sample('go-callout-auth'), { scenarios: ['http-get'], clusters: ['auth-v2'] });
    expect(outcomes(r)).toEqual({ 'http-get': 'local-response' });
    const f = r.scenarios[0]?.findings.find((x) => x.ruleId === 'WV4010');
    expect(f?.message).toBe('In proxy_on_request_headers the plugin called cluster "auth", which is not among the declared clusters (--cluster): proxy_http_call returned BadArgument (2), as the gateway answers for a cluster it does not know.');
    expect(ids(r)).not.toContain('WV4009');
  });

  test('declared and called: forwarded, no notice', async () => {
    const r = await one(sample('go-callout-auth'), { scenarios: ['http-get'], clusters: ['auth'] });
    expect(outcomes(r)).toEqual({ 'http-get': 'forwarded' });
    expect(ids(r)).toEqual([]);
  });
});

describe('--faults', () => {
  test('a plugin that never handles a failed auth callout passes without faults and hangs under each of them', async () => {
    const healthy = await one(sample('go-auth-no-timeout'), { scenarios: ['http-get'] });
    expect(healthy.verdict).toBe('pass');
    const r = await one(sample('go-auth-no-timeout'), { scenarios: ['http-get'], faults: true });
    expect(r.verdict).toBe('fail');
    expect(outcomes(r)).toEqual({
      'http-get': 'forwarded',
      'http-get [fault: timeout]': 'stall',
      'http-get [fault: unavailable]': 'stall',
      'http-get [fault: reset]': 'stall',
    });
    expect(r.scenarios.map((s) => s.fault)).toEqual([undefined, 'timeout', 'unavailable', 'reset']);
    const timeout = r.scenarios[1]?.findings.find((f) => f.ruleId === 'WV3007');
    expect(timeout?.where.scenario).toBe('http-get [fault: timeout]');
    expect(timeout?.message).toContain('was timed out after 2000 ms (504)');
    expect(r.scenarios[3]?.findings[0]?.message).toContain('was reset');
  });

  test('a plugin that handles failed callouts answers them: every fault run passes', async () => {
    const r = await one(sample('go-callout-auth'), { scenarios: ['http-get'], faults: true });
    expect(r.verdict).toBe('pass');
    expect(Object.values(outcomes(r))).toEqual(['forwarded', 'local-response', 'local-response', 'local-response']);
  });

  test('a scenario that calls out nothing is not repeated', async () => {
    const r = await one(sample('go-header-rewrite'), { scenarios: ['http-get'], faults: true });
    expect(r.scenarios.map((s) => s.name)).toEqual(['http-get']);
  });

  test('Redis calls fail with a network error: a rate limiter that fails open forwards', async () => {
    const r = await one(sample('go-redis-ratelimit'), { scenarios: ['http-get'], faults: true });
    expect(Object.values(outcomes(r))).toEqual(['forwarded', 'forwarded', 'forwarded', 'forwarded']);
  });

  test('a scenario file can name a fault', async () => {
    const file = join(dir, 'auth-down.yaml');
    writeFileSync(file, 'name: auth-down\nfault: unavailable\nrequest: { method: GET, path: / }\n');
    const r = await one(sample('go-auth-no-timeout'), { scenarios: [file] });
    expect(outcomes(r)).toEqual({ 'auth-down': 'stall' });
    expect(r.scenarios[0]?.fault).toBe('unavailable');
  });
});

describe('--faults on gRPC', () => {
  test('a gRPC call ends UNAVAILABLE (14) under a fault: a plugin that resumes only on OK stalls there', async () => {
    const { runInProcess, scenario } = await import('./harness.js');
    const { IMPORTS, wasm } = await import('./wat.js');
    const { withFaults } = await import('../../src/scenarios/faults.js');
    const bytes = await wasm({
      imports: [
        '(import "env" "proxy_grpc_call" (func $grpc (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))',
        IMPORTS.effective,
        IMPORTS.continueStream,
      ].join('\n'),
      data: '(data (i32.const 1024) "authz") (data (i32.const 1040) "auth.Authz") (data (i32.const 1060) "Check") (global $stream (mut i32) (i32.const 0))',
      body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
          (global.set $stream (local.get 0))
          (drop (call $grpc (i32.const 1024) (i32.const 5) (i32.const 1040) (i32.const 10) (i32.const 1060) (i32.const 5) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 1000) (i32.const 2000)))
          (i32.const 1))
        (func (export "proxy_on_grpc_close") (param i32 i32 i32)
          (if (i32.eqz (local.get 2)) (then (drop (call $effective (global.get $stream))) (drop (call $continue (i32.const 0))))))`,
    });
    const get = scenario({ request: { method: 'GET', path: '/' }, mocks: { grpc: { authz: { status: 0, message: 'ok' } } } });
    const run = runInProcess(bytes, 'envoy', withFaults([get]));
    expect(run.outcomes).toEqual({ custom: 'forwarded', 'custom [fault: timeout]': 'stall', 'custom [fault: unavailable]': 'stall', 'custom [fault: reset]': 'stall' });
    expect(run.scenarios[2]?.findings[0]?.message).toContain('answered with status 14');
  });
});
