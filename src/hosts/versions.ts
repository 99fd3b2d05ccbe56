/**
 * The minimum version per gateway family: the oldest verified release from which on every
 * verified release of that family loads the module and runs it without an error or warning, and
 * why each older one does not (consecutive releases with the same first reason grouped).
 * Computed from the results alone, after verification; part of the JSON report (`versions`).
 */
import { FAMILIES, FAMILY_NAMES, releaseFirstVersion, releaseLastVersion, type Release } from 'proxy-wasm-host-mock/profiles';
import { firstBlocking } from '../findings.js';
import type { FamilyMinimum, Finding, OlderFailure, PluginResult } from '../report.js';

export type { FamilyMinimum, OlderFailure };
import type { HostTarget } from './spec.js';

/** A result that counts as running the module: no error, no warning. */
function clean(r: PluginResult): boolean {
  const all = [...r.findings, ...r.scenarios.flatMap((s) => s.findings)];
  return r.verdict === 'pass' && !all.some((f) => f.severity === 'error' || f.severity === 'warning');
}

/** The first thing that stops a release: what the gateway logs first, else the first error, else a warning. */
export function firstReason(r: PluginResult): Finding | undefined {
  const later = r.scenarios.flatMap((s) => s.findings);
  const all = [...r.findings, ...later];
  return firstBlocking(r.findings) ?? all.find((f) => f.severity === 'error') ?? all.find((f) => f.severity === 'warning');
}

/** A reason in a few words, as a gateway log would put it where there is one. */
export function reasonText(f: Finding): string {
  const symbol = f.where.symbol;
  if (f.ruleId === 'WV2001' && symbol !== undefined) return `missing import ${symbol}`;
  if (f.ruleId === 'WV2002' && symbol !== undefined) return `import ${symbol} has another signature`;
  const scenario = f.where.scenario === undefined ? '' : ` (${f.where.scenario})`;
  return `${f.ruleId} ${f.slug}${symbol === undefined ? '' : ` ${symbol}`}${scenario}`;
}

export function minimumVersions(file: string, targets: readonly HostTarget[], results: readonly PluginResult[]): FamilyMinimum[] {
  const out: FamilyMinimum[] = [];
  for (const family of FAMILIES) {
    const rows: { rel: Release; r: PluginResult }[] = [];
    targets.forEach((t, i) => {
      const r = results[i];
      if (t.release?.family === family && r !== undefined) rows.push({ rel: t.release, r });
    });
    if (rows.length < 2) continue;
    let firstGood = rows.length;
    while (firstGood > 0 && clean((rows[firstGood - 1] as { r: PluginResult }).r)) firstGood--;
    const min = rows[firstGood];
    const older: OlderFailure[] = [];
    for (const { rel, r } of rows.slice(0, firstGood)) {
      const f = firstReason(r);
      const reason = f === undefined ? 'fails' : reasonText(f);
      const last = older.at(-1);
      const to = releaseLastVersion(rel);
      if (last !== undefined && last.reason === reason) older[older.length - 1] = { ...last, to };
      else older.push({ from: releaseFirstVersion(rel), to, reason, ruleId: f?.ruleId ?? '' });
    }
    out.push({
      file,
      family,
      minimum: min === undefined ? null : releaseFirstVersion(min.rel),
      minimumHost: min === undefined ? null : min.r.host,
      checked: { from: releaseFirstVersion((rows[0] as { rel: Release }).rel), to: releaseLastVersion((rows[rows.length - 1] as { rel: Release }).rel) },
      older,
    });
  }
  return out;
}

/** "Envoy < 1.32.13", "Envoy 1.26 – 1.31", "Envoy 1.38" for a group of failing releases. */
export function olderLabel(m: FamilyMinimum, g: OlderFailure, index: number): string {
  const name = FAMILY_NAMES[m.family];
  if (index === 0 && g.from === m.checked.from && m.older.length === 1 && m.minimum !== null) return `${name} < ${m.minimum}`;
  return g.from === g.to ? `${name} ${g.from}` : `${name} ${g.from} – ${g.to}`;
}
