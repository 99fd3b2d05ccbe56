/**
 * Which host tables behave alike: everything but their names and sources. Tables with the same
 * key register the same functions and answer the same way, so one traffic run serves them all
 * (src/verify.ts): `--host all` runs once per distinct host, not once per release.
 */
import type { HostProfile } from 'proxy-wasm-host-mock/profiles';

const cache = new WeakMap<HostProfile, string>();

export function behaviourKey(p: HostProfile): string {
  let key = cache.get(p);
  if (key === undefined) {
    const { id: _id, title: _title, sources: _sources, hostSource: _hostSource, ...behaviour } = p;
    key = JSON.stringify(behaviour, (_k, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));
    cache.set(p, key);
  }
  return key;
}
