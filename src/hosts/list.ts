/**
 * `wasm-verify hosts`: every host table with the proxy-wasm-cpp-host commit it was read from, and
 * every gateway release that runs it with its date. Data from host-shim profiles only.
 */
import { FAMILY_NAMES, HOST_IDS, PROFILES, RELEASES, releaseCovers, releaseLabel, type Family, type HostId } from 'proxy-wasm-host-mock/profiles';

export interface HostListing {
  readonly id: HostId;
  readonly title: string;
  readonly hostCommit: { readonly repo: string; readonly commit: string; readonly date: string; readonly note?: string };
  readonly sources: readonly string[];
  readonly pollOneoffErrno: 0 | 52 | null;
  readonly releases: readonly { readonly name: string; readonly family: Family; readonly covers: string; readonly released: string; readonly pin: string; readonly inferred?: string }[];
}

export function hostListing(): HostListing[] {
  return HOST_IDS.map((id) => {
    const p = PROFILES[id];
    const src = p.hostSource;
    return {
      id,
      title: p.title,
      hostCommit: { repo: src.repo, commit: src.commit, date: src.date, ...(src.factsNote === undefined ? {} : { note: src.factsNote }) },
      sources: p.sources,
      pollOneoffErrno: p.pollOneoffErrno,
      releases: RELEASES.filter((r) => r.profile === id).map((r) => ({
        name: releaseLabel(r),
        family: r.family,
        covers: releaseCovers(r),
        released: r.released,
        pin: r.pin,
        ...(r.inferred === undefined ? {} : { inferred: r.inferred }),
      })),
    };
  });
}

export function formatHosts(format: 'human' | 'json'): string {
  const list = hostListing();
  if (format === 'json') return `${JSON.stringify({ hosts: list }, null, 2)}\n`;
  const out: string[] = [];
  for (const h of list) {
    const poll = h.pollOneoffErrno === null ? 'no poll_oneoff' : `poll_oneoff -> ${h.pollOneoffErrno}`;
    out.push(`${h.id}  ${h.hostCommit.repo}@${h.hostCommit.commit} (${h.hostCommit.date})  ${poll}`);
    if (h.hostCommit.note !== undefined) out.push(`  note: ${h.hostCommit.note}`);
    if (h.releases.length === 0) out.push(`  no release runs it (name it as --host ${h.id})`);
    const w = Math.max(0, ...h.releases.map((r) => `${FAMILY_NAMES[r.family]} ${r.covers}`.length));
    for (const r of h.releases) {
      const name = `${FAMILY_NAMES[r.family]} ${r.covers}`;
      out.push(`  ${name.padEnd(w)}  ${r.released.padEnd(10)}  --host ${r.name}${r.inferred === undefined ? '' : '  (inferred)'}`);
    }
  }
  out.push('', 'envoy, istio, higress alone mean the newest release; "inferred": the pin was not read, see --format json.');
  return `${out.join('\n')}\n`;
}
