/**
 * The minimum-version table (report.versions) and the grouping of many hosts into one row per
 * host table, for the human output of `--host all`, `--host versions` and ranges.
 */
import { FAMILY_NAMES } from 'proxy-wasm-host-mock/profiles';
import { olderLabel, type FamilyMinimum } from '../hosts/versions.js';
import type { PluginResult } from '../report.js';
import type { Style } from './style.js';

/** Per family: the oldest release that runs the module, and why each older one does not. */
export function versionsTable(s: Style, rows: readonly FamilyMinimum[]): string[] {
  if (rows.length === 0) return [];
  const cells = rows.map((m) => {
    const name = FAMILY_NAMES[m.family];
    const oldest = m.minimum === null ? s.red('none') : m.minimum === m.checked.from ? s.green(`${m.minimum} (oldest checked)`) : s.green(`${m.minimum}`);
    const why = m.older.map((g, i) => `${olderLabel(m, g, i)}: ${g.reason}`);
    return { name, oldest, plainOldest: m.minimum === null ? 'none' : m.minimum === m.checked.from ? `${m.minimum} (oldest checked)` : m.minimum, checked: `${m.checked.from} – ${m.checked.to}`, why };
  });
  const w1 = Math.max(7, ...cells.map((c) => c.name.length));
  const w2 = Math.max(14, ...cells.map((c) => c.plainOldest.length));
  const w3 = Math.max(7, ...cells.map((c) => c.checked.length));
  const out = [`  ${'gateway'.padEnd(w1)}  ${'runs it from'.padEnd(w2)}  ${'checked'.padEnd(w3)}  older releases`];
  for (const c of cells) {
    const pad = ' '.repeat(w2 - c.plainOldest.length);
    const [first, ...more] = c.why.length === 0 ? ['-'] : c.why;
    out.push(`  ${c.name.padEnd(w1)}  ${c.oldest}${pad}  ${c.checked.padEnd(w3)}  ${first}`.trimEnd());
    for (const m of more) out.push(`  ${' '.repeat(w1 + w2 + w3 + 4)}  ${m}`);
  }
  return out;
}

/** `envoy@1.27, envoy@1.28, istio@1.19` -> `envoy@1.27..1.28, istio@1.19`. */
export function compressLabels(labels: readonly string[]): string {
  const groups: { family: string; first: string; last: string; single: boolean }[] = [];
  for (const l of labels) {
    const at = l.indexOf('@');
    const family = at < 0 ? l : l.slice(0, at);
    const last = groups.at(-1);
    if (at >= 0 && last !== undefined && last.family === family && !last.single) {
      last.last = l.slice(at + 1);
      continue;
    }
    groups.push(at < 0 ? { family, first: l, last: l, single: true } : { family, first: l.slice(at + 1), last: l.slice(at + 1), single: false });
  }
  return groups.map((g) => (g.single ? g.first : g.first === g.last ? `${g.family}@${g.first}` : `${g.family}@${g.first}..${g.last}`)).join(', ');
}

/** One row per host table: the first result of each, named by every host that runs it. */
export function byTable(rows: readonly PluginResult[]): PluginResult[] {
  const order: { r: PluginResult; labels: string[] }[] = [];
  const byProfile = new Map<string, { r: PluginResult; labels: string[] }>();
  for (const r of rows) {
    const g = byProfile.get(`${r.file}|${r.profile}`);
    // The same host twice (a hand-built report, a file given twice) stays two rows.
    if (g === undefined || g.labels.includes(r.host)) {
      const fresh = { r, labels: [r.host] };
      byProfile.set(`${r.file}|${r.profile}`, fresh);
      order.push(fresh);
    } else g.labels.push(r.host);
  }
  return order.map(({ r, labels }) => ({ ...r, host: compressLabels(labels) }));
}

/** The header's description: an Istio release names the Envoy host it runs (`Istio 1.22 → Envoy 1.29 – 1.31 (…)`). */
export function hostTitle(label: string, title: string): string {
  const m = /^istio@(.+)$/.exec(label);
  return m === null ? title : `Istio ${m[1]} → ${title}`;
}
