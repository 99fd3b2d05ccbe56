import type { HostId } from 'proxy-wasm-host-mock';
import { finding } from '../../src/findings.js';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/formatters/index.js';
import type { Finding, PluginResult, Report, ScenarioResult } from '../../src/report.js';
import { failing, matrix, passing, report } from './fixtures.js';

describe('human formatter', () => {
  it('prints header, findings by severity with hints, and a verdict', () => {
    const out = formatReport(report(failing, passing), 'human', { toolchains: { 'ok.wasm': 'C (clang 16.0.6)' }, staticOnly: true });
    expect(out).toBe(`plugins/ai-proxy/plugin.wasm
  host       higress — Higress 2.1.x (proxy-wasm-cpp-host fork 913c1b0, Envoy 1.27 fork)
  abi        0.2.0 (proxy_abi_version_0_2_0)

  error   WV1008 buildrc-abi-tag-ignored  (plugins/ai-proxy/.buildrc)
          .buildrc sets EXTRA_TAGS=proxy_wasm_version_0_2_100, but the module exports proxy_abi_version_0_2_0, not proxy_abi_version_0_2_100: the build ignored the tag, and StopIteration from request headers will stop the whole request.
          → Rebuild with the tags: PLUGIN_NAME=ai-proxy EXTRA_TAGS=proxy_wasm_version_0_2_100 make build
  warning WV1003 multiple-abi-versions
          The module exports several ABI markers (proxy_abi_version_0_2_0, proxy_abi_version_0_2_1); the host uses the first known one in export order, proxy_abi_version_0_2_0.
          → Export exactly one proxy_abi_version_* function so the ABI the host uses is the one you tested.

  FAIL  higress: 1 error, 1 warning

ok.wasm
  host       envoy — Envoy 1.38 (proxy-wasm-cpp-host beb8a4e)
  abi        0.2.1 (proxy_abi_version_0_2_1)
  toolchain  C (clang 16.0.6)

  PASS  envoy: no problems found (static checks only)

summary
  file                          host     abi    verdict  first finding
  plugins/ai-proxy/plugin.wasm  higress  0.2.0  fail     WV1008 buildrc-abi-tag-ignored (proxy_abi_version_0_2_0)
  ok.wasm                       envoy    0.2.1  pass

FAIL  1 of 2 results fail
`);
  });

  it('ends with a summary table for several files, but not for one file\'s --host all matrix (that is the table)', () => {
    const two = report(matrix.results[0]!, { ...matrix.results[1]!, file: 'other.wasm' });
    expect(formatReport(two, 'human', { matrix: true })).toContain('\nsummary\n  file        host     abi      verdict  first finding\n  m.wasm      envoy    -        fail     WV1002 unknown-abi-version (proxy_abi_version_0_2_100)\n  other.wasm  higress  0.2.100  pass\n');
    expect(formatReport(matrix, 'human', { matrix: true })).not.toContain('summary');
    expect(formatReport(report(passing), 'human', {})).not.toContain('summary');
  });

  it('the first finding of a summary row: what stops loading, else the first error (with its scenario), else the first warning', () => {
    const hang = finding('WV3006', { request: 'GET /', callback: 'proxy_on_request_headers', value: 1, valueName: 'StopIteration', converted: '', timeout: '', fix: '' }, 'traffic', { scenario: 'http-get' });
    const r = { ...passing, verdict: 'fail' as const, findings: [failing.findings[1]!], scenarios: [{ name: 'http-get', outcome: 'hang' as const, findings: [hang], durationMs: 1 }] };
    expect(formatReport(report(r, passing), 'human', {})).toMatch(/\n  ok\.wasm  envoy  0\.2\.1  fail     WV3006 stream-hang \(http-get\)\n/);
  });

  it('prints the trace of a start or configure finding only under --trace', () => {
    const traced: Finding = {
      ...failing.findings[0]!,
      trace: [
        { dir: 'host->vm', text: 'proxy_on_configure(1, 0)' },
        { dir: 'host<-vm', text: 'proxy_on_configure return: 0' },
      ],
    };
    const r = report({ ...failing, findings: [traced] });
    expect(formatReport(r, 'human', {})).not.toContain('[host->vm]');
    expect(formatReport(r, 'human', { trace: true })).toContain(
      '  trace\n    [host->vm] proxy_on_configure(1, 0)\n    [host<-vm] proxy_on_configure return: 0\n',
    );
  });

  it('colours only when asked', () => {
    expect(formatReport(report(passing), 'human', {})).not.toContain('\u001b[');
    expect(formatReport(report(passing), 'human', { color: true })).toContain('\u001b[32mPASS\u001b[39m');
  });

  it('prints the compatibility matrix with the first reason in gateway order', () => {
    const out = formatReport(matrix, 'human', { matrix: true });
    expect(out.split('\n').slice(0, 6).join('\n')).toBe(`m.wasm

  host         loads  abi      verdict  first reason
  envoy        no     -        fail     WV1002 unknown-abi-version proxy_abi_version_0_2_100
  higress      yes    0.2.100  pass
  higress-2.0  no     0.2.100  fail     WV2001 missing-import wasi_snapshot_preview1.sched_yield`);
    expect(out.trimEnd().split('\n').at(-1)).toBe('  FAIL  passes on higress; fails on envoy, higress-2.0');
  });
});

describe('human formatter: repeated findings are printed once', () => {
  const f = (ruleId: Finding['ruleId'], message: string, scenario?: string, severity: Finding['severity'] = 'error'): Finding => ({
    ruleId,
    slug: 'some-rule',
    severity,
    message,
    hint: `fix for ${message}`,
    phase: scenario === undefined ? 'load' : 'traffic',
    where: scenario === undefined ? {} : { scenario },
    args: {},
  });
  const sc = (name: string, outcome: ScenarioResult['outcome'], findings: Finding[]): ScenarioResult => ({ name, outcome, findings, durationMs: 1 });
  const result = (host: PluginResult['host'], findings: Finding[], scenarios: ScenarioResult[] = []): PluginResult => ({
    file: 'p.wasm', sha256: '', size: 1, host, profile: ({ envoy: 'envoy-1.38', higress: 'higress-2.1' } as Record<string, HostId>)[host] ?? 'higress-2.0', abi: '0.2.1', verdict: 'fail', findings, scenarios,
  });

  it('the same finding in a later scenario refers to the first one; the JSON keeps every copy', () => {
    const r = report(result('envoy', [], [
      sc('a', 'hang', [f('WV3006', 'POST /a hangs', 'a')]),
      sc('b', 'hang', [f('WV3006', 'POST /b hangs', 'b')]),
      sc('c', 'hang', [f('WV3006', 'POST /b hangs', 'c')]),
    ]));
    expect(formatReport(r, 'human', { config: 'none (plugin_configuration empty)' })).toBe(`p.wasm
  host       envoy — Envoy 1.38 (proxy-wasm-cpp-host beb8a4e)
  abi        0.2.1 (proxy_abi_version_0_2_1)
  config     none (plugin_configuration empty)

  scenarios
    a  hang
      error   WV3006 some-rule
              POST /a hangs
              → fix for POST /a hangs
    b  hang
      error   WV3006 some-rule
              POST /b hangs
              → fix for POST /b hangs
    c  hang
      error   WV3006 some-rule  same as in b

  FAIL  envoy: 3 errors, 0 warnings
`);
    expect((JSON.parse(formatReport(r, 'json')) as Report).results[0]?.scenarios.map((s) => s.findings.length)).toEqual([1, 1, 1]);
  });

  it('--soak: each soaked scenario says how many requests, how fast, and the memory slope', () => {
    const soak = (bytesPerRequest: number): ScenarioResult['soak'] => ({
      requests: 2000, warmup: 200, seconds: 1, requestsPerSecond: 2000, memoryBefore: 8 << 20, memoryAfter: 8 << 20, bytesPerRequest, windowsGrown: 0, projectedRequestsToCap: null,
    });
    const r = report(result('envoy', [], [{ ...sc('a', 'forwarded', []), soak: soak(0) }, { ...sc('bb', 'forwarded', []), soak: soak(16683) }, sc('c', 'hang', [])]));
    const out = formatReport(r, 'human', { config: 'none (plugin_configuration empty)' });
    expect(out).toContain('    a   forwarded  soak 2000 requests, 2000/s, no memory growth after warm-up\n');
    expect(out).toContain('    bb  forwarded  soak 2000 requests, 2000/s, +16683 bytes/request after 200 warm-up\n');
    expect(out).toContain('    c   hang\n');
  });

  it('--host all: a finding every host shares is printed once, with the hosts it repeats on', () => {
    const same = f('WV0001', 'not a module');
    const out = formatReport(report(result('envoy', [same]), result('higress', [same]), result('higress-2.0', [same, f('WV2001', 'missing import')])), 'human', { matrix: true });
    expect(out.split('\n').slice(7).join('\n')).toBe(`  on envoy
  error   WV0001 some-rule  (same on higress, higress-2.0)
          not a module
          → fix for not a module

  on higress-2.0
  error   WV2001 some-rule
          missing import
          → fix for missing import

  FAIL  fails on every host
`);
  });

  it('--host all: a scenario that ran the same as on an earlier host is one line', () => {
    const hang = sc('openai-chat', 'hang', [f('WV3006', 'hangs', 'openai-chat')]);
    const out = formatReport(report(result('envoy', [], [hang]), result('higress', [], [hang])), 'human', { matrix: true });
    expect(out).toContain(`  on higress

  scenarios
    openai-chat  hang  (same as on envoy)
`);
  });

  it('a pass with only info findings says no errors or warnings, not no problems', () => {
    const r = report({ ...result('envoy', [f('WV4006', 'a log line', undefined, 'info')]), verdict: 'pass' });
    expect(formatReport(r, 'human', {}).trimEnd().split('\n').at(-1)).toBe('  PASS  envoy: no errors or warnings (1 info)');
  });

  it('the config line only when the plugin ran', () => {
    const notRun = report(result('envoy', [f('WV0001', 'not a module')]));
    expect(formatReport(notRun, 'human', { config: 'none (plugin_configuration empty)' })).not.toContain('config');
  });
});
