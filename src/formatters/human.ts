/**
 * Human output: per file and host a header, findings grouped by severity, then a verdict line.
 * A finding repeated word for word is printed once: in later scenarios as "same as in <first>",
 * and under `--host all` once, marked "(same on <other hosts>)". The JSON keeps every copy.
 */
import { PROFILES } from 'proxy-wasm-host-mock/profiles';
import { markerForAbi } from 'proxy-wasm-host-mock/symbols';
import { firstBlocking } from '../findings.js';
import type { Finding, PluginLogs, PluginResult, Report, ScenarioResult, Severity } from '../report.js';
import { style, type Style } from './style.js';
import { byTable, hostTitle, versionsTable } from './versions.js';
import type { FormatOptions } from './types.js';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Findings that read the same (the scenario they were found in aside). */
function sameKey(f: Finding): string {
  return JSON.stringify([f.ruleId, f.severity, f.message, f.hint ?? '', f.where.symbol ?? '', f.where.callback ?? '', f.where.file ?? '']);
}

function severityLabel(s: Style, sev: Severity): string {
  const padded = sev.padEnd(7);
  return sev === 'error' ? s.red(padded) : sev === 'warning' ? s.yellow(padded) : s.blue(padded);
}

function titleLine(s: Style, f: Finding, indent: string, note = ''): string {
  const where = f.where.file !== undefined ? s.dim(`  (${f.where.file})`) : '';
  return `${indent}${severityLabel(s, f.severity)} ${s.bold(`${f.ruleId} ${f.slug}`)}${where}${note}`;
}

function findingLines(s: Style, f: Finding, indent: string, note = ''): string[] {
  const lines = [titleLine(s, f, indent, note), `${indent}        ${f.message}`];
  if (f.hint !== undefined) lines.push(`${indent}        → ${f.hint}`);
  return lines;
}

/** `notes`: a remark after a finding's title (same on other hosts). */
function grouped(s: Style, findings: readonly Finding[], indent: string, notes?: ReadonlyMap<Finding, string>): string[] {
  const out: string[] = [];
  for (const sev of SEVERITIES) for (const f of findings.filter((x) => x.severity === sev)) out.push(...findingLines(s, f, indent, notes?.get(f)));
  return out;
}

function tally(findings: readonly Finding[]): string {
  const n = (sev: Severity): number => findings.filter((f) => f.severity === sev).length;
  const [e, w, i] = [n('error'), n('warning'), n('info')];
  if (e > 0 || w > 0) return `${count(e, 'error')}, ${count(w, 'warning')}`;
  return i === 0 ? 'no problems found' : `no errors or warnings (${i} info)`;
}

/** Scenario findings, each printed in full the first time and as a reference after that. */
function scenarioLines(s: Style, list: readonly ScenarioResult[], sameAs?: ReadonlyMap<ScenarioResult, string>): string[] {
  if (list.length === 0) return [];
  const width = Math.max(...list.map((x) => x.name.length));
  const out = ['', '  scenarios'];
  const firstIn = new Map<string, string>();
  for (const sc of list) {
    const bad = ['hang', 'stall', 'cpu-hang', 'trap', 'error'].includes(sc.outcome);
    const other = sameAs?.get(sc);
    out.push(`    ${sc.name.padEnd(width)}  ${bad ? s.red(sc.outcome) : s.green(sc.outcome)}${other === undefined ? '' : s.dim(`  (same as on ${other})`)}${soakText(s, sc)}`);
    if (other !== undefined) continue;
    for (const sev of SEVERITIES) {
      for (const f of sc.findings.filter((x) => x.severity === sev)) {
        const seen = firstIn.get(sameKey(f));
        if (seen === undefined) firstIn.set(sameKey(f), sc.name);
        out.push(...(seen === undefined ? findingLines(s, f, '      ') : [titleLine(s, f, '      ', s.dim(`  same as in ${seen}`))]));
      }
    }
    // --logs: what the plugin logged during the scenario (src/run keeps it only then).
    out.push(...logLines(s, sc.logs, '      '));
    // --trace: the host<->vm trace of the scenario in cpp-host arrow format (src/run keeps it only then).
    out.push(...traceLines(s, sc.trace, '      '));
  }
  return out;
}

/** `--soak N`: the repeats, their rate and the memory slope after warm-up, on the scenario's line. */
function soakText(s: Style, sc: ScenarioResult): string {
  const k = sc.soak;
  if (k === undefined) return '';
  const growth = k.bytesPerRequest > 0 ? `+${k.bytesPerRequest} bytes/request after ${k.warmup} warm-up` : 'no memory growth after warm-up';
  return s.dim(`  soak ${k.requests} requests, ${k.requestsPerSecond}/s, ${growth}`);
}

/** A trace in cpp-host arrow format under a dim "trace" label; nothing for none. */
function traceLines(s: Style, trace: Finding['trace'], indent: string): string[] {
  if (trace === undefined || trace.length === 0) return [];
  return [s.dim(`${indent}trace`), ...trace.map((e) => `${indent}  [${e.dir}] ${e.text}`)];
}

/** --logs: one line per entry under a dim "logs" label (text escaped by src/run/logs.ts); nothing for none. */
function logLines(s: Style, logs: PluginLogs | undefined, indent: string, label = 'logs'): string[] {
  if (logs === undefined || (logs.lines.length === 0 && logs.dropped === 0)) return [];
  const dropped = logs.dropped > 0 ? [s.dim(`${indent}  … ${count(logs.dropped, 'earlier line')} not kept`)] : [];
  const w = Math.max(...logs.lines.map((l) => l.callback.length), 0);
  const lines = logs.lines.map((l) => `${indent}  ${l.level.padEnd(8)} ${l.callback.padEnd(w)}  ${l.source === 'proxy_log' ? '' : `${l.source}: `}${l.text}`);
  return [s.dim(`${indent}${label}`), ...dropped, ...lines];
}

/** --logs: start, configure and shutdown logs of the plugin, by phase. */
function lifecycleLogLines(s: Style, r: PluginResult): string[] {
  const l = r.logs;
  if (l === undefined) return [];
  return [...logLines(s, l.start, '  ', 'logs at start'), ...logLines(s, l.configure, '  ', 'logs at configure')];
}

/** The plugin ran (was started, configured or sent traffic), so its configuration mattered. */
function ran(r: PluginResult): boolean {
  return r.scenarios.length > 0 || r.findings.some((f) => f.phase === 'start' || f.phase === 'configure' || f.phase === 'traffic');
}

function fileLines(o: FormatOptions, file: string, rows: readonly PluginResult[]): string[] {
  const tc = o.toolchains?.[file];
  const described = o.configs?.[file] ?? o.config;
  const config = described !== undefined && rows.some(ran) ? [`  config     ${described}`] : [];
  const settings = o.settings?.[file];
  return [...(tc === undefined ? [] : [`  toolchain  ${tc}`]), ...(settings === undefined ? [] : [`  settings   ${settings}`]), ...config];
}

/** ` — <what the host table stands for>`; nothing for a table this version does not know (a hand-made report). */
function tableTitle(r: PluginResult): string {
  const table = (PROFILES as Readonly<Partial<Record<string, { readonly title: string }>>>)[r.profile];
  return table === undefined ? '' : ` — ${hostTitle(r.host, table.title)}`;
}

function header(s: Style, r: PluginResult, o: FormatOptions): string[] {
  const abi = r.abi === null ? 'none' : `${r.abi} (${markerForAbi(r.abi)})`;
  return [s.bold(r.file), `  host       ${r.host}${tableTitle(r)}`, `  abi        ${abi}`, ...fileLines(o, r.file, [r])];
}

function verdictLine(s: Style, r: PluginResult, o: FormatOptions): string {
  const all = [...r.findings, ...r.scenarios.flatMap((x) => x.findings)];
  const word = r.verdict === 'pass' ? s.green('PASS') : s.red('FAIL');
  const note = o.staticOnly && r.verdict === 'pass' ? ' (static checks only)' : '';
  // A pass of a plugin that did nothing says little: the verdict line says so (WV4008).
  const inert = all.some((f) => f.ruleId === 'WV4008') ? s.yellow(' — the plugin did nothing without a configuration (WV4008)') : '';
  return `  ${word}  ${r.host}: ${tally(all)}${note}${inert}`;
}

function result(s: Style, r: PluginResult, o: FormatOptions): string[] {
  // --trace: start and configure findings carry the calls up to the failure.
  const traces = o.trace === true ? r.findings.flatMap((f) => traceLines(s, f.trace, '  ')) : [];
  const body = [...grouped(s, r.findings, '  '), ...traces, ...lifecycleLogLines(s, r)];
  const shutdown = logLines(s, r.logs?.shutdown, '  ', 'logs at shutdown');
  return [...header(s, r, o), ...(body.length ? ['', ...body] : []), ...scenarioLines(s, r.scenarios), ...(shutdown.length ? ['', ...shutdown] : []), '', verdictLine(s, r, o)];
}

function scenarioKey(sc: ScenarioResult): string {
  return JSON.stringify([sc.name, sc.outcome, sc.findings.map(sameKey), sc.trace ?? []]);
}

/** `--host all`, per host: the findings and scenarios not already printed for an earlier host. */
function perHost(s: Style, rows: readonly PluginResult[]): string[] {
  const firstFinding = new Map<string, { finding: Finding; hosts: string[] }>();
  const firstScenario = new Map<string, string>();
  const shown = rows.map((r) => {
    const own = r.findings.filter((f) => {
      const seen = firstFinding.get(sameKey(f));
      seen?.hosts.push(r.host);
      if (seen === undefined) firstFinding.set(sameKey(f), { finding: f, hosts: [] });
      return seen === undefined;
    });
    const sameAs = new Map<ScenarioResult, string>();
    for (const sc of r.scenarios) {
      const seen = firstScenario.get(scenarioKey(sc));
      if (seen === undefined) firstScenario.set(scenarioKey(sc), r.host);
      else sameAs.set(sc, seen);
    }
    return { r, own, sameAs };
  });
  const notes = new Map([...firstFinding.values()].filter((v) => v.hosts.length > 0).map((v) => [v.finding, s.dim(`  (same on ${v.hosts.join(', ')})`)]));
  const out: string[] = [];
  for (const { r, own, sameAs } of shown) {
    if (own.length === 0 && r.scenarios.length === 0) continue;
    out.push('', `  ${s.bold(`on ${r.host}`)}`, ...grouped(s, own, '  ', notes), ...scenarioLines(s, r.scenarios, sameAs));
  }
  return out;
}

/** `--host all`: which gateways load the module, and the first reason each one does not. */
function matrix(s: Style, file: string, all: readonly PluginResult[], o: FormatOptions, report: Report): string[] {
  const out = [s.bold(file), ...fileLines(o, file, all)];
  const minimum = versionsTable(s, (report.versions ?? []).filter((m) => m.file === file));
  if (minimum.length > 0) out.push('', ...minimum);
  // Releases that run the same host table have the same result: one row per table.
  const rows = byTable(all);
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
  out.push(...perHost(s, rows));
  // The verdict word matches the exit code: FAIL as soon as one host fails.
  const pass = rows.filter((r) => r.verdict === 'pass').map((r) => r.host);
  const fail = rows.filter((r) => r.verdict === 'fail').map((r) => r.host);
  // Many releases (--host all, a range): counts; the rows above name them.
  const many = all.length > rows.length;
  const failing = all.filter((r) => r.verdict === 'fail').length;
  const summary = many
    ? failing === 0
      ? `passes on all ${all.length} hosts checked`
      : failing === all.length
        ? `fails on every host checked (${all.length})`
        : `passes on ${all.length - failing} of ${all.length} hosts checked; fails on ${fail.join(', ')}`
    : fail.length === 0 ? `passes on ${pass.join(', ')}` : pass.length === 0 ? 'fails on every host' : `passes on ${pass.join(', ')}; fails on ${fail.join(', ')}`;
  out.push('', `  ${fail.length === 0 ? s.green('PASS') : s.red('FAIL')}  ${summary}`);
  return out;
}

/** The finding a summary row names: what stops the gateway loading it, else the first error, else the first warning. */
function firstFinding(r: PluginResult): string {
  const all = [...r.findings, ...r.scenarios.flatMap((x) => x.findings)];
  const f = firstBlocking(r.findings) ?? all.find((x) => x.severity === 'error') ?? all.find((x) => x.severity === 'warning');
  if (f === undefined) return '';
  const at = f.where.scenario ?? f.where.symbol;
  return `${f.ruleId} ${f.slug}${at === undefined ? '' : ` (${at})`}`;
}

/** The end of a run over several files or hosts: one row per (file, host), in report order. */
function summaryTable(s: Style, results: readonly PluginResult[]): string[] {
  const rows = results.map((r) => ({ r, cells: [r.file, r.host, r.abi ?? '-', r.verdict, firstFinding(r)] }));
  const head = ['file', 'host', 'abi', 'verdict', 'first finding'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((x) => x.cells[i]!.length)));
  const line = (cells: readonly string[], verdict?: PluginResult['verdict']): string =>
    `  ${cells
      .map((c, i) => {
        const padded = i === cells.length - 1 ? c : c.padEnd(widths[i]!);
        return i === 3 && verdict !== undefined ? (verdict === 'pass' ? s.green(padded) : s.red(padded)) : padded;
      })
      .join('  ')}`.trimEnd();
  return [s.bold('summary'), line(head), ...rows.map(({ r, cells }) => line(cells, r.verdict))];
}

/** `--host versions`: the minimum-version table alone, and a verdict over every host. */
function versionsOnly(s: Style, file: string, report: Report, o: FormatOptions): string[] {
  const rows = report.results.filter((r) => r.file === file);
  const fail = rows.filter((r) => r.verdict === 'fail').length;
  const table = versionsTable(s, (report.versions ?? []).filter((m) => m.file === file));
  // The verdict word matches the exit code; --host all names the hosts.
  const verdict =
    fail === 0 ? `${s.green('PASS')}  passes on all ${rows.length} hosts checked` : `${s.red('FAIL')}  fails on ${fail} of ${rows.length} hosts checked (--host all shows each)`;
  return [s.bold(file), ...fileLines(o, file, rows), ...(table.length > 0 ? ['', ...table] : []), '', `  ${verdict}`];
}

export function human(report: Report, o: FormatOptions): string {
  const s = style(o.color ?? false);
  const blocks: string[][] = [];
  const isMatrix = (file: string): boolean => (typeof o.matrix === 'object' ? o.matrix[file] === true : o.matrix === true);
  const isVersions = (file: string): boolean => (typeof o.versionsOnly === 'object' ? o.versionsOnly[file] === true : o.versionsOnly === true);
  const files = [...new Set(report.results.map((r) => r.file))];
  for (const f of files) {
    const rows = report.results.filter((r) => r.file === f);
    if (isVersions(f)) blocks.push(versionsOnly(s, f, report, o));
    else if (isMatrix(f)) blocks.push(matrix(s, f, rows, o, report));
    else for (const r of rows) blocks.push(result(s, r, o));
  }
  const failed = report.results.filter((r) => r.verdict === 'fail').length;
  // A single file's matrix (several hosts) is that table already, at the top.
  const summarize = report.results.length > 1 && (files.length > 1 || !(isMatrix(files[0] ?? '') || isVersions(files[0] ?? '')));
  // One row per (file, host table): releases sharing a table are one row.
  if (summarize) blocks.push(summaryTable(s, files.flatMap((f) => byTable(report.results.filter((r) => r.file === f)))));
  if (summarize) {
    blocks.push([failed === 0 ? `${s.green('PASS')}  all ${report.results.length} results pass` : `${s.red('FAIL')}  ${failed} of ${report.results.length} results fail`]);
  }
  return blocks.map((b) => b.join('\n')).join('\n\n') + '\n';
}
