import { describe, expect, it } from 'vitest';
import { exitCode } from '../src/exit-code.js';
import { verdictOf } from '../src/policy.js';
import { finding } from '../src/findings.js';
import type { PluginResult, Report } from '../src/report.js';

const result = (verdict: PluginResult['verdict']): PluginResult => ({
  file: 'p.wasm', sha256: '', size: 1, host: 'envoy', profile: 'envoy-1.38', abi: '0.2.1', verdict, findings: [], scenarios: [],
});
const report = (...r: PluginResult[]): Report => ({ schemaVersion: 1, tool: { name: 'wasm-verify', version: '0' }, results: r });

describe('exitCode', () => {
  it('is 0 when every result passes, 1 when one fails', () => {
    expect(exitCode(report())).toBe(0);
    expect(exitCode(report(result('pass'), result('pass')))).toBe(0);
    expect(exitCode(report(result('pass'), result('fail')))).toBe(1);
  });
});

describe('verdictOf', () => {
  const warning = finding('WV1003', { markers: 'a, b', chosen: 'a' }, 'load');
  const error = finding('WV1005', {}, 'link');
  it('fails on errors, not on warnings, unless failOn says so', () => {
    expect(verdictOf([warning], [])).toBe('pass');
    expect(verdictOf([warning, error], [])).toBe('fail');
    expect(verdictOf([warning], [], { failOn: 'warning' })).toBe('fail');
  });
  it('fails on a hanging or trapping scenario even without findings', () => {
    expect(verdictOf([], [{ name: 's', outcome: 'local-response', findings: [], durationMs: 0 }])).toBe('pass');
    expect(verdictOf([], [{ name: 's', outcome: 'cpu-hang', findings: [], durationMs: 0 }])).toBe('fail');
  });
});
