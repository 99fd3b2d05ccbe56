/**
 * The `--host` grammar, in one place (the CLI, the library and a settings file's `host` list
 * joined with commas all come through parseHostSpec):
 *
 *   auto                      the module decides (src/verify.ts hostsFor)
 *   envoy | istio | higress   the family's newest release
 *   envoy@1.32                a release line (its newest host table when a patch split it)
 *   higress@2.0.4             the release entry covering that patch
 *   envoy@1.30..1.36          every release entry between the two, both included
 *   envoy-main, higress-2.0   a host table by id (envoy-main: upstream main, no release runs it)
 *   all                       every release of every family, plus envoy-main: matrix + minimum versions
 *   versions                  the same targets, printed as the minimum-version table only
 *   a,b,c                     any of the above, in that order, duplicates once
 *
 * Release data and tables are host-shim's (profiles/releases.ts); nothing here knows a version.
 */
import { FAMILIES, RELEASES, isHostId, releaseLabel, type Family, type HostId, type Release } from 'proxy-wasm-host-mock/profiles';
import { InputError } from '../errors.js';

/** One host to verify against: what to call it in the report, and its table. */
export interface HostTarget {
  /** As the report names it: `envoy@1.32`, `higress@2.0.4`, `envoy-main`. */
  readonly label: string;
  readonly profile: HostId;
  /** The release entry, unless a table was named by id. */
  readonly release?: Release;
}

export type HostSpec =
  | { readonly kind: 'auto' }
  | {
      readonly kind: 'targets';
      readonly targets: readonly HostTarget[];
      /** More than one target: print the compatibility matrix. */
      readonly matrix: boolean;
      /** Print per family the oldest release that runs the module (all, versions, ranges). */
      readonly versions: boolean;
      /** `versions`: the minimum-version table only, no matrix. */
      readonly versionsOnly: boolean;
    };

type Version = readonly number[];

function parseVersion(text: string, item: string): Version {
  if (!/^\d+(\.\d+){1,2}$/.test(text)) throw usage(`${item}: "${text}" is not a version (write e.g. 1.32 or 1.32.13)`);
  return text.split('.').map(Number);
}

function usage(message: string): InputError {
  return new InputError(`--host ${message}`);
}

const lineOf = (v: Version): string => `${v[0]}.${v[1]}`;
const cmpLine = (a: string, b: string): number => {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  return (x[0] ?? 0) - (y[0] ?? 0) || (x[1] ?? 0) - (y[1] ?? 0);
};
const covers = (rel: Release, patch: number): boolean => patch >= rel.patches[0] && (rel.patches[1] === null || patch <= rel.patches[1]);

function target(rel: Release, label = releaseLabel(rel)): HostTarget {
  return { label, profile: rel.profile, release: rel };
}

function known(family: Family): string {
  const lines = [...new Set(RELEASES.filter((r) => r.family === family).map((r) => r.line))];
  return `${family} releases known: ${lines.join(', ')}`;
}

/** The release entry `family@version` names. */
function pick(family: Family, v: Version, item: string): Release {
  const inLine = RELEASES.filter((r) => r.family === family && r.line === lineOf(v));
  if (inLine.length === 0) throw usage(`${item}: no profile for ${family} ${lineOf(v)} (${known(family)})`);
  const patch = v[2];
  if (patch === undefined) return inLine[inLine.length - 1] as Release;
  // A patch past the last one read belongs to the line's newest entry.
  return inLine.find((r) => covers(r, patch)) ?? (inLine[inLine.length - 1] as Release);
}

function range(family: Family, from: Version, to: Version, item: string): Release[] {
  pick(family, from, item);
  pick(family, to, item);
  const out = RELEASES.filter((r) => {
    if (r.family !== family) return false;
    if (cmpLine(r.line, lineOf(from)) < 0 || cmpLine(r.line, lineOf(to)) > 0) return false;
    if (r.line === lineOf(from) && from[2] !== undefined && r.patches[1] !== null && r.patches[1] < from[2]) return false;
    if (r.line === lineOf(to) && to[2] !== undefined && r.patches[0] > to[2]) return false;
    return true;
  });
  if (out.length === 0) throw usage(`${item}: the range is empty (the first version must be the older one)`);
  return out;
}

const FAMILY_RE = new RegExp(`^(${FAMILIES.join('|')})(?:@(.+))?$`);

function item(text: string): { targets: HostTarget[]; all?: true; versions?: true; range?: true } {
  if (text === 'all') return { targets: everyTarget(), all: true, versions: true };
  if (text === 'versions') return { targets: everyTarget(), versions: true };
  if (isHostId(text)) return { targets: [{ label: text, profile: text }] };
  const m = FAMILY_RE.exec(text);
  if (m === null) {
    throw usage(`${text}: expected auto, all, versions, envoy|istio|higress, family@version (envoy@1.32), a range (envoy@1.30..1.36), a comma list, or a host table; "wasm-verify hosts" lists them`);
  }
  const family = m[1] as Family;
  const ver = m[2];
  if (ver === undefined) return { targets: [target(RELEASES.filter((r) => r.family === family).at(-1) as Release)] };
  const dots = ver.split('..');
  if (dots.length === 2) return { targets: range(family, parseVersion(dots[0] ?? '', text), parseVersion(dots[1] ?? '', text), text).map((r) => target(r)), versions: true, range: true };
  const v = parseVersion(ver, text);
  const rel = pick(family, v, text);
  // A patch names what the user asked for; a line names its entry.
  return { targets: [target(rel, v[2] === undefined ? undefined : `${family}@${ver}`)] };
}

/** Every release of every family, then envoy-main. */
function everyTarget(): HostTarget[] {
  return [...RELEASES.map((r) => target(r)), { label: 'envoy-main', profile: 'envoy-main' }];
}

/**
 * Parses a `--host` value (or a settings file's list joined with commas). Throws InputError
 * (exit 2) naming the item that is wrong.
 */
export function parseHostSpec(text: string): HostSpec {
  const items = text.split(',').map((s) => s.trim().toLowerCase());
  if (items.some((s) => s === '')) throw usage(`${text}: an empty item in the list`);
  if (items.includes('auto')) {
    if (items.length > 1) throw usage(`${text}: auto cannot be combined with other hosts`);
    return { kind: 'auto' };
  }
  const parsed = items.map(item);
  const seen = new Set<string>();
  const targets: HostTarget[] = [];
  for (const t of parsed.flatMap((p) => p.targets)) {
    if (seen.has(t.label)) continue;
    seen.add(t.label);
    targets.push(t);
  }
  const versions = parsed.some((p) => p.versions === true);
  const versionsOnly = versions && parsed.every((p) => p.versions === true && p.all !== true && p.range !== true);
  return { kind: 'targets', targets, matrix: targets.length > 1 && !versionsOnly, versions, versionsOnly };
}

/** The target of a family's newest release (what `auto` picks). */
export function newestTarget(family: Family): HostTarget {
  return target(RELEASES.filter((r) => r.family === family).at(-1) as Release);
}
