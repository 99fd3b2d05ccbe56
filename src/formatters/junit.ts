/**
 * JUnit XML: one testsuite per (file, host), its classname unique per file and host (CI servers
 * key a test on classname + name: Jenkins merges equal ones); a testcase for the static checks
 * and one per scenario, each with the measured `time` in seconds. Error findings are failures;
 * warnings and infos go to system-out.
 */
import type { Finding, PluginResult, Report } from '../report.js';

/**
 * Text and attribute values: characters XML 1.0 forbids even as references (C0 controls but tab,
 * newline and return; lone surrogates; U+FFFE/U+FFFF) are dropped; tab, newline and return are
 * written as references so attribute-value normalisation keeps them.
 */
export function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;');
}
const attr = (s: string): string => xmlText(s).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');

/** Seconds with millisecond precision, as JUnit readers expect; absent when not measured. */
function time(ms: number | undefined): string {
  return ms === undefined ? '' : ` time="${(Math.max(0, ms) / 1000).toFixed(3)}"`;
}

/** `named`: say which scenario the finding is from (outside the scenario testcases, which say it already). */
function title(f: Finding, named: boolean): string {
  return `${f.ruleId} ${f.slug}${named && f.where.scenario !== undefined ? ` (scenario ${f.where.scenario})` : ''}`;
}

function line(f: Finding, named: boolean): string {
  return `${f.severity} ${title(f, named)}: ${f.message}${f.hint ? ` Hint: ${f.hint}` : ''}`;
}

interface Case {
  readonly name: string;
  readonly findings: readonly Finding[];
  readonly ms: number | undefined;
  readonly failedOutcome?: string;
  readonly scenario: boolean;
}

function testcase(classname: string, c: Case): string[] {
  const errors = c.findings.filter((f) => f.severity === 'error');
  const others = c.findings.filter((f) => f.severity !== 'error');
  const named = !c.scenario;
  const out = [`    <testcase classname="${attr(classname)}" name="${attr(c.name)}"${time(c.ms)}>`];
  if (errors.length > 0 || c.failedOutcome !== undefined) {
    const first = errors[0];
    const message = first ? `${title(first, named)}: ${first.message}` : `outcome ${c.failedOutcome}`;
    const type = first ? first.ruleId : (c.failedOutcome ?? 'failure');
    out.push(`      <failure message="${attr(message)}" type="${attr(type)}">${xmlText(errors.map((f) => line(f, named)).join('\n'))}</failure>`);
  }
  if (others.length > 0) out.push(`      <system-out>${xmlText(others.map((f) => line(f, named)).join('\n'))}</system-out>`);
  out.push('    </testcase>');
  return out;
}

const FAILING = new Set(['hang', 'stall', 'cpu-hang', 'trap', 'error']);

/** The suite's identity: the file and the host (the file as given, so two files never share one). */
export function junitClassname(r: Pick<PluginResult, 'file' | 'host'>): string {
  return `${r.file} [${r.host}]`;
}

function cases(r: PluginResult): Case[] {
  const list: Case[] = [{ name: 'static checks', findings: r.findings, ms: r.staticDurationMs, scenario: false }];
  const seen = new Map<string, number>();
  for (const sc of r.scenarios) {
    // The same scenario given twice (--scenario x --scenario x) still makes two distinct testcases.
    const n = (seen.get(sc.name) ?? 0) + 1;
    seen.set(sc.name, n);
    const name = `scenario ${sc.name}${n > 1 ? ` (${n})` : ''}`;
    list.push({ name, findings: sc.findings, ms: sc.durationMs, scenario: true, ...(FAILING.has(sc.outcome) ? { failedOutcome: sc.outcome } : {}) });
  }
  return list;
}

function suite(r: PluginResult): { lines: string[]; tests: number; failures: number; ms: number | undefined } {
  const list = cases(r);
  const classname = junitClassname(r);
  const body = list.map((c) => testcase(classname, c));
  const failures = body.filter((c) => c.some((l) => l.includes('<failure'))).length;
  const lines = [
    `  <testsuite name="${attr(`${r.file} [${r.host}]`)}" tests="${list.length}" failures="${failures}" errors="0" skipped="0"${time(r.durationMs)}>`,
    ...body.flat(),
    '  </testsuite>',
  ];
  return { lines, tests: list.length, failures, ms: r.durationMs };
}

export function junit(report: Report): string {
  const suites = report.results.map(suite);
  const tests = suites.reduce((n, s) => n + s.tests, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  const timed = suites.every((s) => s.ms !== undefined) && suites.length > 0;
  const total = timed ? suites.reduce((n, s) => n + (s.ms ?? 0), 0) : undefined;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="wasm-verify" tests="${tests}" failures="${failures}"${time(total)}>`,
    ...suites.flatMap((s) => s.lines),
    '</testsuites>',
    '',
  ].join('\n');
}
