/** GitHub Actions workflow commands: one annotation per finding, then one plain verdict line per result. */
import type { Finding, Report, Severity } from '../report.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escaping of workflow command data and properties (actions/toolkit command.ts). */
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function prop(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(file: string, host: string, f: Finding): string {
  // The scenario keeps per-scenario findings apart (the same hang in two scenarios reads alike).
  const title = `${f.ruleId} ${f.slug} (${host}${f.where.scenario === undefined ? '' : `, scenario ${f.where.scenario}`})`;
  const text = f.hint ? `${f.message}\n→ ${f.hint}` : f.message;
  return `::${COMMAND[f.severity]} file=${prop(f.where.file ?? file)},title=${prop(title)}::${data(text)}`;
}

export function github(report: Report): string {
  const out: string[] = [];
  for (const r of report.results) {
    for (const f of r.findings) out.push(annotation(r.file, r.host, f));
    for (const sc of r.scenarios) for (const f of sc.findings) out.push(annotation(r.file, r.host, f));
    out.push(`${r.verdict === 'pass' ? 'PASS' : 'FAIL'} ${r.file} on ${r.host}`);
  }
  return `${out.join('\n')}\n`;
}
