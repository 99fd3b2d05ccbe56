/** Human output: per file and host a header, findings grouped by severity, then a verdict line. */
import { PROFILES } from 'proxy-wasm-host-mock/profiles';
import { markerForAbi } from 'proxy-wasm-host-mock/symbols';
import { firstBlocking } from '../findings.js';
import type { Finding, PluginResult, Report, ScenarioResult, Severity } from '../report.js';
import { style, type Style } from './style.js';
import type { FormatOptions } from './types.js';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function severityLabel(s: Style, sev: Severity): string {
  const padded = sev.padEnd(7);
  return sev === 'error' ? s.red(padded) : sev === 'warning' ? s.yellow(padded) : s.blue(padded);
}

function findingLines(s: Style, f: Finding, indent: string): string[] {
  const where = f.where.file !== undefined ? s.dim(`  (${f.where.file})`) : '';
  const lines = [`${indent}${severityLabel(s, f.severity)} ${s.bold(`${f.ruleId} ${f.slug}`)}${where}`, `${indent}        ${f.message}`];
  if (f.hint !== undefined) lines.push(`${indent}        → ${f.hint}`);
  return lines;
}

function grouped(s: Style, findings: readonly Finding[], indent: string): string[] {
  const out: string[] = [];
  for (const sev of SEVERITIES) for (const f of findings.filter((x) => x.severity === sev)) out.push(...findingLines(s, f, indent));
  return out;
}

function tally(findings: readonly Finding[]): string {
  const e = findings.filter((f) => f.severity === 'error').length;
  const w = findings.filter((f) => f.severity === 'warning').length;
  return e === 0 && w === 0 ? 'no problems found' : `${count(e, 'error')}, ${count(w, 'warning')}`;
}

function scenarioLines(s: Style, list: readonly ScenarioResult[]): string[] {
  if (list.length === 0) return [];
  const width = Math.max(...list.map((x) => x.name.length));
  const out = ['', '  scenarios'];
  for (const sc of list) {
    const bad = ['hang', 'stall', 'cpu-hang', 'trap', 'error'].includes(sc.outcome);
    out.push(`    ${sc.name.padEnd(width)}  ${bad ? s.red(sc.outcome) : s.green(sc.outcome)}`);
    out.push(...grouped(s, sc.findings, '      '));
    // --trace: the host<->vm trace of the scenario in cpp-host arrow format (src/run keeps it only then).
    if (sc.trace !== undefined && sc.trace.length > 0) out.push(s.dim('      trace'), ...sc.trace.map((e) => `        [${e.dir}] ${e.text}`));
  }
  return out;
}

function header(s: Style, r: PluginResult, o: FormatOptions): string[] {
  const abi = r.abi === null ? 'none' : `${r.abi} (${markerForAbi(r.abi)})`;
  const lines = [s.bold(r.file), `  host       ${r.host} — ${PROFILES[r.host].title}`, `  abi        ${abi}`];
  const tc = o.toolchains?.[r.file];
  if (tc !== undefined) lines.push(`  toolchain  ${tc}`);
  return lines;
}

function verdictLine(s: Style, r: PluginResult, o: FormatOptions): string {
  const all = [...r.findings, ...r.scenarios.flatMap((x) => x.findings)];
  const word = r.verdict === 'pass' ? s.green('PASS') : s.red('FAIL');
  const note = o.staticOnly && r.verdict === 'pass' ? ' (static checks only)' : '';
  return `  ${word}  ${r.host}: ${tally(all)}${note}`;
}

function result(s: Style, r: PluginResult, o: FormatOptions): string[] {
  const body = grouped(s, r.findings, '  ');
  return [...header(s, r, o), ...(body.length ? ['', ...body] : []), ...scenarioLines(s, r.scenarios), '', verdictLine(s, r, o)];
}

/** `--host all`: which gateways load the module, and the first reason each one does not. */
function matrix(s: Style, file: string, rows: readonly PluginResult[], o: FormatOptions): string[] {
  const out = [s.bold(file)];
  const tc = o.toolchains?.[file];
  if (tc !== undefined) out.push(`  toolchain  ${tc}`);
  const w = Math.max(4, ...rows.map((r) => r.host.length));
  out.push('', `  ${'host'.padEnd(w)}  loads  abi      verdict  first reason`);
  for (const r of rows) {
    const block = firstBlocking(r.findings);
    const firstError = block ?? r.findings.find((f) => f.severity === 'error') ?? r.scenarios.flatMap((x) => x.findings).find((f) => f.severity === 'error');
    const loads = block === undefined ? s.green('yes  ') : s.red('no   ');
    const verdict = r.verdict === 'pass' ? s.green('pass   ') : s.red('fail   ');
    const reason = firstError === undefined ? '' : `${firstError.ruleId} ${firstError.slug}${firstError.where.symbol ? ` ${firstError.where.symbol}` : ''}`;
    out.push(`  ${r.host.padEnd(w)}  ${loads}  ${(r.abi ?? '-').padEnd(7)}  ${verdict}  ${reason}`.trimEnd());
  }
  for (const r of rows) {
    if (r.findings.length === 0 && r.scenarios.length === 0) continue;
    out.push('', `  ${s.bold(`on ${r.host}`)}`, ...grouped(s, r.findings, '  '), ...scenarioLines(s, r.scenarios));
  }
  // The verdict word matches the exit code: FAIL as soon as one host fails.
  const pass = rows.filter((r) => r.verdict === 'pass').map((r) => r.host);
  const fail = rows.filter((r) => r.verdict === 'fail').map((r) => r.host);
  const summary =
    fail.length === 0 ? `passes on ${pass.join(', ')}` : pass.length === 0 ? 'fails on every host' : `passes on ${pass.join(', ')}; fails on ${fail.join(', ')}`;
  out.push('', `  ${fail.length === 0 ? s.green('PASS') : s.red('FAIL')}  ${summary}`);
  return out;
}

export function human(report: Report, o: FormatOptions): string {
  const s = style(o.color ?? false);
  const blocks: string[][] = [];
  if (o.matrix) {
    const files = [...new Set(report.results.map((r) => r.file))];
    for (const f of files) blocks.push(matrix(s, f, report.results.filter((r) => r.file === f), o));
  } else {
    for (const r of report.results) blocks.push(result(s, r, o));
  }
  const failed = report.results.filter((r) => r.verdict === 'fail').length;
  if (report.results.length > 1 && !o.matrix) {
    blocks.push([failed === 0 ? `${s.green('PASS')}  all ${report.results.length} results pass` : `${s.red('FAIL')}  ${failed} of ${report.results.length} results fail`]);
  }
  return blocks.map((b) => b.join('\n')).join('\n\n') + '\n';
}
