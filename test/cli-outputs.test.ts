/**
 * The CLI's outputs and policy, end to end through the bin users get (the bundle; `npm test`
 * builds first): several reports in one run, directories created, --format auto, forced colour,
 * a failed write to stdout, and the failure threshold deciding the exit code.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveFormat, useColor } from '../src/cli-main.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist/bundle/wasm-verify.cjs');
const S = join(ROOT, 'sample-plugins/build');

function run(args: string[], env: Record<string, string> = {}, stdout: 'pipe' | number = 'pipe') {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', stdout, 'pipe'] });
}

const ANSI = /\u001b\[\d+m/;

describe('the failure threshold decides the exit code', () => {
  const badPointers = [join(S, 'c-bad-pointers.wasm'), '--scenario', 'http-get'];
  it('c-bad-pointers: warnings only, so exit 0 by default and 1 with --failure-threshold warning', () => {
    expect(run(badPointers).status).toBe(0);
    const strict = run([...badPointers, '--failure-threshold', 'warning']);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('FAIL  envoy@1.38: 0 errors, 8 warnings');
  });
  it('--severity WV4001=error fails it; --ignore it and it passes even at warning', () => {
    expect(run([...badPointers, '--severity', 'WV4001=error']).status).toBe(1);
    const ignored = run([...badPointers, '--ignore', 'invalid-memory-access', '--failure-threshold', 'warning', '--format', 'json']);
    expect(ignored.status).toBe(0);
    const report = JSON.parse(ignored.stdout) as { results: Array<{ scenarios: Array<{ findings: Array<{ ruleId: string; ignored?: boolean; severity: string }> }> }> };
    const findings = report.results[0]!.scenarios[0]!.findings;
    expect(findings.length).toBe(8);
    expect(findings.every((f) => f.ruleId === 'WV4001' && f.ignored === true && f.severity === 'warning')).toBe(true);
  });
  it('the JSON report keeps the original severity of an override', () => {
    const r = run([...badPointers, '--severity', 'WV4001=error', '--format', 'json']);
    const f = (JSON.parse(r.stdout) as { results: Array<{ scenarios: Array<{ findings: Array<Record<string, unknown>> }> }> }).results[0]!.scenarios[0]!.findings[0]!;
    expect([f['severity'], f['originalSeverity']]).toEqual(['error', 'warning']);
  });
});

describe('outputs', () => {
  it('--output FORMAT=FILE, repeated, creates directories and leaves the human report on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wv-out-'));
    const r = run(['--static', '--output', `junit=${dir}/reports/deep/x.xml`, '--output', `sarif=${dir}/reports/x.sarif`, '--output', `json=${dir}/x.json`, join(S, 'wat-no-allocator.wasm')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('FAIL  envoy');
    expect(readFileSync(join(dir, 'reports/deep/x.xml'), 'utf8')).toMatch(/^<\?xml[\s\S]*WV1005/);
    expect((JSON.parse(readFileSync(join(dir, 'reports/x.sarif'), 'utf8')) as { version: string }).version).toBe('2.1.0');
    expect((JSON.parse(readFileSync(join(dir, 'x.json'), 'utf8')) as { schemaVersion: number }).schemaVersion).toBe(1);
  });
  it('a plain --output FILE takes the --format output (nothing on stdout), beside FORMAT=FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wv-out-'));
    const r = run(['--static', '--format', 'github', '--output', `${dir}/new/gh.txt`, '--output', `junit=${dir}/j.xml`, join(S, 'wat-no-allocator.wasm')]);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'new/gh.txt'), 'utf8')).toMatch(/^::error /);
    expect(existsSync(join(dir, 'j.xml'))).toBe(true);
  });
  it('--format auto: github annotations under GitHub Actions, human elsewhere', () => {
    const ok = join(S, 'wat-no-allocator.wasm');
    expect(run(['--static', '--format', 'auto', ok], { GITHUB_ACTIONS: 'true' }).stdout).toMatch(/^::error /);
    expect(run(['--static', '--format', 'auto', ok]).stdout).toMatch(/wat-no-allocator\.wasm\n {2}host {7}envoy/);
    expect(resolveFormat('auto', { GITHUB_ACTIONS: 'false' })).toBe('human');
    expect(resolveFormat('json', { GITHUB_ACTIONS: 'true' })).toBe('json');
  });
  it('--color and FORCE_COLOR colour a pipe; --no-color and NO_COLOR win over FORCE_COLOR', () => {
    const ok = join(S, 'wat-minimal-ok.wasm');
    expect(run(['--static', ok]).stdout).not.toMatch(ANSI);
    expect(run(['--static', '--color', ok]).stdout).toMatch(ANSI);
    expect(run(['--static', ok], { FORCE_COLOR: '1' }).stdout).toMatch(ANSI);
    expect(run(['--static', '--no-color', ok], { FORCE_COLOR: '1' }).stdout).not.toMatch(ANSI);
    expect(useColor(undefined, true, { NO_COLOR: '1', FORCE_COLOR: '1' }, false)).toBe(false);
    expect(useColor(undefined, true, { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(useColor(true, false, {}, true)).toBe(false); // never in a file
  });
  it('a reader that closed the pipe (EPIPE) is exit 2 with a message, not a crash', () => {
    // `true` exits at once; the CLI writes its report long after (it starts, reads, verifies).
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" --static --format json "${join(S, 'go-llm-gateway.wasm')}" | true; exit \${PIPESTATUS[0]}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(r.stderr).toBe('wasm-verify: cannot write the report to stdout: the reader closed the pipe (EPIPE)\n');
    expect(r.status).toBe(2);
  });
  it('a failed write to stdout (/dev/full) is exit 2 with a message, not a crash', () => {
    if (!existsSync('/dev/full')) return;
    const fd = openSync('/dev/full', 'w');
    try {
      const r = run(['--static', join(S, 'wat-minimal-ok.wasm')], {}, fd);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('wasm-verify: cannot write the report to stdout: no space left on the device (ENOSPC)\n');
    } finally {
      closeSync(fd);
    }
  });
});
