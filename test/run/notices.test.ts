/**
 * Issue 9 points 3, 7 and 8: the inert-plugin notice (WV4008), the built-in bare request, and a
 * module without memory (loaded; fails at its first hostcall that needs memory).
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatReport, verify } from '../../src/index.js';
import type { PluginResult } from '../../src/report.js';
import { SAMPLES_DIR } from '../matrix/expected.js';
import { runInProcess } from './harness.js';
import { IMPORTS, wasm } from './wat.js';

const sample = (name: string): string => join(SAMPLES_DIR, `${name}.wasm`);
const ids = (r: PluginResult): string[] => [...r.findings, ...r.scenarios.flatMap((s) => s.findings)].map((f) => f.ruleId);

async function one(file: string, options: Parameters<typeof verify>[1] = {}): Promise<PluginResult> {
  const r = (await verify([file], options)).results[0];
  if (r === undefined) throw new Error('no result');
  return r;
}

describe('inert-plugin (WV4008)', () => {
  test('no configuration and nothing done in any scenario: an info notice, shown on the verdict line', async () => {
    const report = await verify([sample('go-header-rewrite')]);
    const r = report.results[0]!;
    expect(r.verdict).toBe('pass');
    expect(ids(r)).toEqual(['WV4008']);
    expect(r.findings[0]?.severity).toBe('info');
    const verdict = formatReport(report, 'human').trimEnd().split('\n').at(-1);
    expect(verdict).toBe('  PASS  higress@2.2: no errors or warnings (1 info) — the plugin did nothing without a configuration (WV4008)');
  });

  test('with a configuration that makes it act, no notice', async () => {
    const config = new TextEncoder().encode('{"add":{"x-a":"1"}}');
    expect(ids(await one(sample('go-header-rewrite'), { config }))).toEqual([]);
  });

  test('with a configuration, even one it ignores, no notice: only a missing configuration is named', async () => {
    expect(ids(await one(sample('wat-minimal-ok'), { config: new TextEncoder().encode('{}') }))).toEqual([]);
  });

  test('a plugin that acts without configuration (a callout, a local reply) gets no notice', async () => {
    expect(ids(await one(sample('go-callout-auth'), { scenarios: ['http-get'] }))).not.toContain('WV4008');
    expect(ids(await one(sample('wat-local-response')))).not.toContain('WV4008');
  });

  test('a gate raises it to an error with the policy', async () => {
    const r = await one(sample('go-header-rewrite'), { policy: { severity: { WV4008: 'error' } } });
    expect(r.verdict).toBe('fail');
  });
});

describe('bare-request', () => {
  test('a request with only the pseudo-headers and the host', async () => {
    const { builtinScenarios } = await import('../../src/scenarios/index.js');
    const bare = builtinScenarios().find((s) => s.name === 'bare-request');
    expect(bare?.request.headers.map(([k]) => k)).toEqual([':method', ':scheme', ':authority', ':path', 'x-forwarded-proto', 'x-request-id']);
  });

  test('a plugin that pauses a request without a user-agent hangs there, and only there', async () => {
    // bot-detect-shaped: pauses (StopIteration) when proxy_get_header_map_value finds no user-agent.
    const bytes = await wasm({
      imports: IMPORTS.getHeader,
      data: '(data (i32.const 1024) "user-agent")',
      body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
        (if (result i32) (i32.eq (call $get (i32.const 0) (i32.const 1024) (i32.const 10) (i32.const 1200) (i32.const 1204)) (i32.const 1))
          (then (i32.const 1)) (else (i32.const 0))))`,
    });
    const run = runInProcess(bytes, 'envoy');
    expect(run.outcomes).toEqual({ 'http-get': 'forwarded', 'http-post-json': 'forwarded', 'openai-chat': 'forwarded', 'openai-chat-stream': 'forwarded', 'bare-request': 'hang' });
  });
});

describe('a module without memory', () => {
  test('is loaded (WV1004 is a warning) and runs when it never needs memory', async () => {
    const r = await one(sample('wat-no-memory'));
    expect(r.findings.find((f) => f.ruleId === 'WV1004')?.severity).toBe('warning');
    expect(r.verdict).toBe('pass');
    expect(r.scenarios.map((s) => s.outcome)).toEqual(['forwarded', 'forwarded', 'forwarded', 'forwarded', 'forwarded']);
  });

  test('traps at the first hostcall that must read plugin memory, as the gateway worker fails', async () => {
    const r = await one(sample('wat-no-memory-log'), { scenarios: ['http-get'] });
    expect(r.verdict).toBe('fail');
    const trap = r.scenarios[0]?.findings.find((f) => f.ruleId === 'WV3005');
    expect(r.scenarios[0]?.outcome).toBe('trap');
    expect(trap?.args['detail']).toBe('Uncaught Error: the module has no memory, and env.proxy_log must read or write plugin memory');
    expect(trap?.hint).toMatch(/^Export the module's linear memory \(WV1004\)/);
  });
});
