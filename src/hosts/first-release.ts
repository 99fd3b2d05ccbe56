/**
 * "Since which release": per gateway family, the first release whose host table has a property
 * (registers an import, answers poll_oneoff with 0, has the StopIteration option). For hints.
 */
import { FAMILIES, FAMILY_NAMES, PROFILES, RELEASES, releaseFirstVersion, type HostProfile } from 'proxy-wasm-host-mock/profiles';

/** `Envoy 1.32.13, Istio 1.25, Higress 2.0.7`; '' when no release has it. */
export function firstReleases(has: (p: HostProfile) => boolean): string {
  const out: string[] = [];
  for (const family of FAMILIES) {
    const rel = RELEASES.find((r) => r.family === family && has(PROFILES[r.profile]));
    if (rel !== undefined) out.push(`${FAMILY_NAMES[family]} ${releaseFirstVersion(rel)}`);
  }
  return out.join(', ');
}

/** Whether the upstream main host (no release yet) has it: for "not in a released Envoy yet". */
export function onlyOnEnvoyMain(has: (p: HostProfile) => boolean): boolean {
  return has(PROFILES['envoy-main']) && !RELEASES.some((r) => r.family === 'envoy' && has(PROFILES[r.profile]));
}
