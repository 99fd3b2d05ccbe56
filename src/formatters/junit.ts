/**
 * JUnit XML: one testsuite per (file, host); a testcase for the static checks and one per
 * scenario. Error findings are failures; warnings and infos go to system-out.
 */
import type { Finding, PluginResult, Report } from '../report.js';

function esc(s: string): string {
  // XML 1.0 forbids most control characters even escaped; drop them.
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** `named`: say which scenario the finding is from (outside the scenario testcases, which say it already). */
function title(f: Finding, named: boolean): string {
  return `${f.ruleId} ${f.slug}${named && f.where.scenario !== undefined ? ` (scenario ${f.where.scenario})` : ''}`;
}

function line(f: Finding, named: boolean): string {
  return `${f.severity} ${title(f, named)}: ${f.message}${f.hint ? ` Hint: ${f.hint}` : ''}`;
}

function testcase(classname: string, name: string, findings: readonly Finding[], failedOutcome?: string, scenarioTestcase = false): string[] {
  const errors = findings.filter((f) => f.severity === 'error');
  const others = findings.filter((f) => f.severity !== 'error');
  const out = [`    <testcase classname="${esc(classname)}" name="${esc(name)}">`];
  if (errors.length > 0 || failedOutcome !== undefined) {
    const first = errors[0];
    const named = !scenarioTestcase;
    const message = first ? `${title(first, named)}: ${first.message}` : `outcome ${failedOutcome}`;
    const type = first ? first.ruleId : (failedOutcome ?? 'failure');
    out.push(`      <failure message="${esc(message)}" type="${esc(type)}">${esc(errors.map((f) => line(f, named)).join('\n'))}</failure>`);
  }
  if (others.length > 0) out.push(`      <system-out>${esc(others.map((f) => line(f, !scenarioTestcase)).join('\n'))}</system-out>`);
  out.push('    </testcase>');
  return out;
}

const FAILING = new Set(['hang', 'stall', 'cpu-hang', 'trap', 'error']);

function suite(r: PluginResult): string[] {
  const classname = `wasm-verify.${r.host}`;
  const cases = [testcase(classname, 'static checks', r.findings)];
  for (const sc of r.scenarios) {
    cases.push(testcase(classname, `scenario ${sc.name}`, sc.findings, FAILING.has(sc.outcome) ? sc.outcome : undefined, true));
  }
  const failures = cases.filter((c) => c.some((l) => l.includes('<failure'))).length;
  return [
    `  <testsuite name="${esc(`${r.file} [${r.host}]`)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
    ...cases.flat(),
    '  </testsuite>',
  ];
}

export function junit(report: Report): string {
  const suites = report.results.map(suite);
  const tests = suites.reduce((n, s) => n + Number(/tests="(\d+)"/.exec(s[0]!)![1]), 0);
  const failures = suites.reduce((n, s) => n + Number(/failures="(\d+)"/.exec(s[0]!)![1]), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="wasm-verify" tests="${tests}" failures="${failures}">`,
    ...suites.flat(),
    '</testsuites>',
    '',
  ].join('\n');
}
