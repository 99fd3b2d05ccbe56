/**
 * GitHub Actions workflow commands. One annotation per distinct finding of a file (the same
 * finding on several hosts or in several scenarios is one annotation naming them all), errors
 * first, at most `maxAnnotations` (GitHub shows 10 errors and 10 warnings per step); the rest as
 * plain log lines; a verdict line per result; then one summary notice.
 */
import type { Finding, Report, Severity } from '../report.js';
import type { FormatOptions } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Default of --max-annotations: what GitHub shows of one kind per step. */
export const DEFAULT_MAX_ANNOTATIONS = 10;

/** Escaping of workflow command data and properties (actions/toolkit, packages/core/src/command.ts). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

interface Distinct {
  readonly file: string;
  readonly f: Finding;
  readonly hosts: string[];
  readonly scenarios: string[];
}

/** Findings that read the same wherever they were found (host and scenario aside). */
function key(file: string, f: Finding): string {
  return JSON.stringify([file, f.ruleId, f.severity, f.message, f.hint ?? '', f.where.symbol ?? '', f.where.callback ?? '']);
}

function distinctFindings(report: Report): Distinct[] {
  const byKey = new Map<string, Distinct>();
  const add = (file: string, host: string, f: Finding, scenario?: string): void => {
    const k = key(f.where.file ?? file, f);
    let d = byKey.get(k);
    if (d === undefined) byKey.set(k, (d = { file: f.where.file ?? file, f, hosts: [], scenarios: [] }));
    if (!d.hosts.includes(host)) d.hosts.push(host);
    const sc = scenario ?? f.where.scenario;
    if (sc !== undefined && !d.scenarios.includes(sc)) d.scenarios.push(sc);
  };
  for (const r of report.results) {
    for (const f of r.findings) add(r.file, r.host, f);
    for (const sc of r.scenarios) for (const f of sc.findings) add(r.file, r.host, f, sc.name);
  }
  // Stable: errors first, then in report order.
  return [...byKey.values()].sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity]);
}

function where(d: Distinct): string {
  const sc = d.scenarios.length === 0 ? '' : `; scenario${d.scenarios.length > 1 ? 's' : ''} ${d.scenarios.join(', ')}`;
  return `${d.hosts.join(', ')}${sc}`;
}

function annotation(d: Distinct): string {
  const title = `${d.f.ruleId} ${d.f.slug} (${where(d)})`;
  const text = d.f.hint ? `${d.f.message}\n→ ${d.f.hint}` : d.f.message;
  return `::${COMMAND[d.f.severity]} file=${escapeProperty(d.file)},title=${escapeProperty(title)}::${escapeData(text)}`;
}

/** A finding beyond the limit: a plain log line, still escaped so it cannot start a workflow command. */
function plain(d: Distinct): string {
  return escapeData(`${d.f.severity} ${d.f.ruleId} ${d.f.slug} ${d.file} (${where(d)}): ${d.f.message}${d.f.hint ? ` → ${d.f.hint}` : ''}`);
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function github(report: Report, o: FormatOptions = {}): string {
  const max = Math.max(0, o.maxAnnotations ?? DEFAULT_MAX_ANNOTATIONS);
  const all = distinctFindings(report);
  const shown = all.slice(0, max);
  const rest = all.slice(max);
  const out = [...shown.map(annotation), ...rest.map(plain)];
  for (const r of report.results) out.push(escapeData(`${r.verdict === 'pass' ? 'PASS' : 'FAIL'} ${r.file} on ${r.host}`));
  const n = (s: Severity): number => all.filter((d) => d.f.severity === s).length;
  const failed = report.results.filter((r) => r.verdict === 'fail').length;
  const verdict = failed === 0 ? `all ${count(report.results.length, 'result')} pass` : `${failed} of ${count(report.results.length, 'result')} fail`;
  const found = `${count(all.length, 'distinct finding')} (${count(n('error'), 'error')}, ${count(n('warning'), 'warning')}, ${n('info')} info)`;
  const cut = rest.length === 0 ? '' : `; ${shown.length} annotated, ${rest.length} more in the log (--max-annotations ${max})`;
  out.push(`::notice title=${escapeProperty('wasm-verify')}::${escapeData(`${verdict}; ${found}${cut}`)}`);
  return `${out.join('\n')}\n`;
}
