/**
 * Each host table against the facts file it was made from (src/profiles/facts/host-facts.json,
 * written by scripts/derive-host-facts.mjs from the pinned proxy-wasm-cpp-host commits): the
 * registered host and WASI functions with their signatures, the ABI markers, poll_oneoff's answer
 * and both restricted-callback allow-lists. An edit to a table or to symbols.ts that drifts from
 * the source fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FAMILIES, HOST_IDS, PROFILES, RELEASES, registeredImports, type Signature } from 'proxy-wasm-host-mock';

interface HostFacts {
  readonly repo: string;
  readonly commit: string;
  readonly abiVersions: readonly string[];
  readonly hostFunctions: Readonly<Record<string, Signature>>;
  readonly wasiFunctions: Readonly<Record<string, Signature>>;
  readonly pollOneoff: { readonly returns: number; readonly writesNevents: boolean } | null;
  readonly startAllowList: readonly string[] | null;
  readonly allocatorAllowList: readonly string[] | null;
}

const FACTS = JSON.parse(readFileSync(new URL('../src/profiles/facts/host-facts.json', import.meta.url), 'utf8')) as { hosts: Record<string, HostFacts> };

/** Registered by every host outside the FOR_ALL_* lists (src/wasm.cc, Envoy's wasm.cc): not in the facts. */
const OUTSIDE_MACROS = new Set(['pthread_equal', 'emscripten_notify_memory_growth', 'envoy_resolve_dns']);

const sorted = <T,>(xs: Iterable<T>): T[] => [...xs].sort();

describe('host tables match the facts of the commit they cite', () => {
  test.each(HOST_IDS)('%s', (id) => {
    const p = PROFILES[id];
    const facts = FACTS.hosts[p.hostSource.facts];
    expect(facts, `facts entry ${p.hostSource.facts}`).toBeDefined();
    const f = facts!;
    expect(f.repo).toBe(p.hostSource.repo);
    // The table's commit is the one read, unless the table says which other commit stands in for it.
    if (p.hostSource.factsNote === undefined) expect(f.commit.startsWith(p.hostSource.commit)).toBe(true);
    expect(p.sources.join(' ')).toContain(f.commit.slice(0, 7));

    expect(sorted(p.abiVersions)).toEqual(sorted(f.abiVersions));

    const all = new Map(p.abiVersions.flatMap((abi) => [...registeredImports(p, abi).values()]).map((r) => [`${r.module}.${r.name}`, r]));
    const wasi = new Map([...all.values()].filter((r) => r.module === 'wasi_snapshot_preview1').map((r) => [r.name, r.signature]));
    expect(Object.fromEntries([...wasi].sort())).toEqual(Object.fromEntries(Object.entries(f.wasiFunctions).sort()));
    // Registered under both WASI modules with one implementation.
    for (const [name, sig] of wasi) expect(all.get(`wasi_unstable.${name}`)?.signature).toEqual(sig);

    const env = new Map([...all.values()].filter((r) => r.module === 'env' && !OUTSIDE_MACROS.has(r.name)).map((r) => [r.name, r.signature]));
    expect(Object.fromEntries([...env].sort())).toEqual(Object.fromEntries(Object.entries(f.hostFunctions).sort()));

    expect(p.pollOneoffErrno).toBe(f.pollOneoff === null ? null : f.pollOneoff.returns);
    expect(sorted(p.startAllowList)).toEqual(f.startAllowList);
    expect(p.allocatorAllowList === null ? null : sorted(p.allocatorAllowList)).toEqual(f.allocatorAllowList);
  });

  test('every facts entry is used by a table', () => {
    expect(sorted(Object.keys(FACTS.hosts))).toEqual(sorted(new Set([...HOST_IDS.map((id) => PROFILES[id].hostSource.facts), ...unusedOnPurpose()])));
  });
});

/** Commits read because Envoy main ran them, with no release of their own yet. */
function unusedOnPurpose(): string[] {
  return ['uch-09e5f8d'];
}

describe('releases', () => {
  test('every release names a table, and every family has releases oldest first', () => {
    for (const r of RELEASES) expect(HOST_IDS).toContain(r.profile);
    for (const family of FAMILIES) {
      const list = RELEASES.filter((r) => r.family === family).map((r) => [...r.line.split('.').map(Number), r.patches[0]]);
      expect(list.length).toBeGreaterThan(1);
      const key = (v: number[]): number => v.reduce((n, x) => n * 1000 + x, 0);
      expect(list.map(key)).toEqual([...list.map(key)].sort((a, b) => a - b));
    }
  });

  test('the Go 1.24 WASI calls arrive with Envoy 1.32.13 and Higress 2.0.7, a succeeding poll_oneoff with Higress 2.1', () => {
    const first = (family: string, has: (id: (typeof HOST_IDS)[number]) => boolean): string | undefined =>
      RELEASES.find((r) => r.family === family && has(r.profile)) && (() => {
        const r = RELEASES.find((x) => x.family === family && has(x.profile))!;
        return `${r.line}.${r.patches[0]}`;
      })();
    const yields = (id: (typeof HOST_IDS)[number]): boolean => registeredImports(PROFILES[id], '0.2.1').has('wasi_snapshot_preview1.sched_yield');
    expect(first('envoy', yields)).toBe('1.32.13');
    expect(first('istio', yields)).toBe('1.25.0');
    expect(first('higress', yields)).toBe('2.0.7');
    expect(first('higress', (id) => PROFILES[id].pollOneoffErrno === 0)).toBe('2.1.0');
    expect(first('envoy', (id) => PROFILES[id].pollOneoffErrno === 0)).toBeUndefined();
  });
});
