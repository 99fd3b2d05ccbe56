/** Policy (src/policy.ts): applied after detection, nothing dropped from the record. */
import { describe, expect, it } from 'vitest';
import { finding } from '../src/findings.js';
import { formatReport } from '../src/formatters/index.js';
import { applyPolicy, verdictOf, visibleReport } from '../src/policy.js';
import type { PluginResult, Report } from '../src/report.js';

const warning = finding('WV1003', { markers: 'a, b', chosen: 'a' }, 'load');
const error = finding('WV1005', {}, 'link');
const info = finding('WV4006', { level: 'error', text: 'bad', callback: 'proxy_on_tick' }, 'traffic');

describe('applyPolicy', () => {
  it('marks ignored findings instead of dropping them, and keeps the original severity of an override', () => {
    const out = applyPolicy([warning, error], { ignore: ['WV1005'], severity: { WV1003: 'error' } });
    expect(out.map((f) => [f.ruleId, f.severity, f.originalSeverity, f.ignored])).toEqual([
      ['WV1003', 'error', 'warning', undefined],
      ['WV1005', 'error', undefined, true],
    ]);
  });
  it('leaves a finding untouched when the override is its own severity', () => {
    expect(applyPolicy([warning], { severity: { WV1003: 'warning' } })[0]).toBe(warning);
  });
});

describe('verdictOf with a policy', () => {
  it('does not count ignored findings', () => {
    expect(verdictOf(applyPolicy([error], { ignore: ['WV1005'] }), [])).toBe('pass');
  });
  it('fails at the threshold: error, warning, info; none never fails', () => {
    expect(verdictOf([warning], [], { failOn: 'error' })).toBe('pass');
    expect(verdictOf([warning], [], { failOn: 'warning' })).toBe('fail');
    expect(verdictOf([info], [], { failOn: 'warning' })).toBe('pass');
    expect(verdictOf([info], [], { failOn: 'info' })).toBe('fail');
    expect(verdictOf([error], [{ name: 's', outcome: 'hang', findings: [], durationMs: 0 }], { failOn: 'none' })).toBe('pass');
  });
});

describe('visibleReport', () => {
  const result: PluginResult = {
    file: 'p.wasm', sha256: 'x', size: 1, host: 'envoy', profile: 'envoy-1.38', abi: '0.2.1', verdict: 'pass',
    findings: applyPolicy([warning, error], { ignore: ['WV1005'] }),
    scenarios: [{ name: 's', outcome: 'forwarded', durationMs: 0, findings: applyPolicy([error], { ignore: ['WV1005'] }) }],
  };
  const report: Report = { schemaVersion: 1, tool: { name: 'wasm-verify', version: '0' }, results: [result] };
  it('leaves ignored findings out of what the other formats show; JSON keeps them, marked', () => {
    const shown = visibleReport(report).results[0]!;
    expect(shown.findings.map((f) => f.ruleId)).toEqual(['WV1003']);
    expect(shown.scenarios[0]!.findings).toEqual([]);
    expect(formatReport(report, 'human', {})).not.toContain('WV1005');
    const json = JSON.parse(formatReport(report, 'json', {})) as Report;
    expect(json.results[0]!.findings.map((f) => [f.ruleId, f.ignored])).toEqual([['WV1003', undefined], ['WV1005', true]]);
  });
  it('is the same report when nothing is ignored', () => {
    const plain = { ...report, results: [{ ...result, findings: [warning], scenarios: [] }] };
    expect(visibleReport(plain)).toBe(plain);
  });
});
