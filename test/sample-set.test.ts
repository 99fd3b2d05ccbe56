/**
 * The whole sample set through the CLI users get (the bundle; `npm test` builds first), as a CI
 * gate runs it: one invocation, files in parallel. Its reports are valid against the published
 * report schema and the official SARIF schema, its JUnit identities are unique, its GitHub
 * annotations de-duplicated, and parallel output is identical to sequential output.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../src/formatters/index.js';
import type { Report } from '../src/report.js';
import { sarifErrors, schemaErrors } from './helpers/schemas.js';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['wasm-verify'] ?? '');
const SAMPLES = readdirSync(join(ROOT, 'sample-plugins/build')).filter((f) => f.endsWith('.wasm')).sort().map((f) => `sample-plugins/build/${f}`);

function cli(args: string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' }, maxBuffer: 256 * 1024 * 1024 });
}

/** Measured durations differ from run to run; everything else must not. */
function withoutTimes(json: string): unknown {
  return JSON.parse(json, (k, v: unknown) => (k === 'durationMs' || k === 'staticDurationMs' ? 0 : v));
}

let traffic: { status: number | null; stdout: string; stderr: string };
let report: Report;
beforeAll(() => {
  // Default jobs: every core. The reference run for everything below.
  traffic = cli(['--format', 'json', ...SAMPLES]);
  report = JSON.parse(traffic.stdout) as Report;
}, 120_000);

describe('the sample set in one invocation', () => {
  it('verifies every file, in input order, exit 1 (some samples fail on purpose), nothing on stderr off a terminal', () => {
    expect(traffic.status).toBe(1);
    expect(traffic.stderr).toBe('');
    expect([...new Set(report.results.map((r) => r.file))]).toEqual(SAMPLES);
  });

  it('its JSON report (traffic) is valid against schemas/report.schema.json', () => {
    expect(schemaErrors('report', report)).toBe('');
    expect(report.results.every((r) => typeof r.durationMs === 'number' && typeof r.staticDurationMs === 'number')).toBe(true);
  });

  it('its JSON report with --static --host all is valid too', () => {
    const r = cli(['--static', '--host', 'all', '--format', 'json', ...SAMPLES]);
    expect(schemaErrors('report', JSON.parse(r.stdout))).toBe('');
  });

  it('parallel output is identical to sequential output (--jobs 1), durations aside', () => {
    // All but the CPU-hang sample, which alone costs seconds of deadlines (it is in the parallel run).
    const some = SAMPLES.filter((f) => !f.endsWith('/c-busy-loop.wasm'));
    const seq = cli(['--jobs', '1', '--format', 'json', ...some]);
    expect(seq.status).toBe(traffic.status);
    const par = withoutTimes(traffic.stdout) as Report;
    expect({ ...par, results: par.results.filter((r) => some.includes(r.file)) }).toEqual(withoutTimes(seq.stdout));
    const human = (jobs: string) => cli(['--static', '--host', 'all', '--jobs', jobs, ...SAMPLES]).stdout;
    expect(human('4')).toBe(human('1'));
  }, 120_000);

  it('JUnit: one suite per (file, host), test identities (classname + name) unique over the whole set, every case timed', () => {
    const xml = formatReport(report, 'junit');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(xml) as {
      testsuites: { testsuite: Array<{ name: string; time: string; testcase: Array<{ classname: string; name: string; time: string }> }> };
    };
    const suites = doc.testsuites.testsuite;
    expect(suites).toHaveLength(report.results.length);
    const ids = suites.flatMap((s) => s.testcase.map((c) => `${c.classname}\u0000${c.name}`));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(suites.map((s) => s.testcase[0]!.classname)).size).toBe(suites.length);
    expect(suites.flatMap((s) => s.testcase).every((c) => /^\d+\.\d{3}$/.test(c.time))).toBe(true);
  });

  it('GitHub: one annotation per distinct finding (fewer than the findings), at most 10 by default, then one summary notice', () => {
    const findings = report.results.flatMap((r) => [...r.findings, ...r.scenarios.flatMap((s) => s.findings)]);
    const all = formatReport(report, 'github', { maxAnnotations: 10_000 }).trimEnd().split('\n');
    const annotations = all.filter((l) => /^::(error|warning|notice) file=/.test(l));
    expect(new Set(annotations).size).toBe(annotations.length);
    // No two annotations for the same file say the same thing.
    const said = annotations.map((l) => l.replace(/,title=(WV\d{4} \S+) \([^)]*\)::/, ',$1::'));
    expect(new Set(said).size).toBe(said.length);
    expect(annotations.length).toBeLessThan(findings.length);
    const capped = formatReport(report, 'github').trimEnd().split('\n');
    expect(capped.filter((l) => /^::(error|warning|notice) file=/.test(l))).toHaveLength(10);
    expect(capped.filter((l) => l.startsWith('::notice title=wasm-verify::'))).toHaveLength(1);
    expect(capped.at(-1)).toMatch(/^::notice title=wasm-verify::\d+ of \d+ results fail; \d+ distinct findings .*; 10 annotated, \d+ more in the log/);
  });

  it('SARIF of the whole set is valid against the official SARIF 2.1.0 schema', () => {
    expect(sarifErrors(JSON.parse(formatReport(report, 'sarif')))).toBe('');
  });
});

describe('CLI', () => {
  it('a SARIF report for a file named "my plugin#1.wasm" is valid against the official schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wv-sarif-'));
    copyFileSync(join(ROOT, 'sample-plugins/build/wat-no-allocator.wasm'), join(dir, 'my plugin#1.wasm'));
    const r = cli(['--static', '--format', 'sarif', 'my plugin#1.wasm'], dir);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(sarifErrors(doc)).toBe('');
    expect(doc.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('my%20plugin%231.wasm');
    expect(doc.runs[0].tool.driver.rules[0].helpUri).toMatch(/^https:\/\/\S+\/docs\/rules\/WV1005\.md$/);
  });

  it('--jobs and --max-annotations take whole numbers (exit 2 otherwise)', () => {
    for (const args of [['--jobs', '0'], ['--jobs', '1.5'], ['--max-annotations', '-1'], ['--max-annotations', 'ten']]) {
      const r = cli([...args, '--static', SAMPLES[0]!]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^wasm-verify: ${args[0]} must be a whole number`));
    }
    const r = cli(['--static', '--format', 'github', '--max-annotations', '0', 'sample-plugins/build/wat-no-allocator.wasm']);
    expect(r.stdout).not.toMatch(/^::error/m);
    expect(r.stdout).toContain('; 0 annotated, 1 more in the log (--max-annotations 0)');
  });
});
