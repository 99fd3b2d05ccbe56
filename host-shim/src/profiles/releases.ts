/**
 * Gateway releases and the host table each one runs, read from the pins in the gateways' own
 * repositories (../shared/reference/gateway-versions.md): Envoy `bazel/repository_locations.bzl`
 * (`proxy_wasm_cpp_host`), Istio `istio/proxy` `WORKSPACE` (`ENVOY_SHA`), Higress `envoy/envoy`
 * submodule -> higress-group/envoy `bazel/repository_locations.bzl`. Releases that pin the same
 * host commit name the same table. `released`: year-month of the first release covered (a day
 * where the pin's commit gave one); `inferred`: what was not read, and why the table is assumed.
 */
import type { HostId } from './types.js';

export type Family = 'envoy' | 'istio' | 'higress';
export const FAMILIES: readonly Family[] = ['envoy', 'istio', 'higress'];
export const FAMILY_NAMES: Readonly<Record<Family, string>> = { envoy: 'Envoy', istio: 'Istio', higress: 'Higress' };

export interface Release {
  readonly family: Family;
  /** Its release line, `major.minor`. */
  readonly line: string;
  /** Patch numbers of the line this entry covers: first, last (null: every later one). */
  readonly patches: readonly [number, number | null];
  readonly released: string;
  readonly profile: HostId;
  /** Where the pin was read (repository, file, commit). */
  readonly pin: string;
  readonly inferred?: string;
}

function r(family: Family, line: string, patches: readonly [number, number | null], released: string, profile: HostId, pin: string, inferred?: string): Release {
  return inferred === undefined ? { family, line, patches, released, profile, pin } : { family, line, patches, released, profile, pin, inferred };
}

const EO = 'envoyproxy/envoy (via envoyproxy/envoy-openssl) bazel/repository_locations.bzl';
const IP = 'istio/proxy WORKSPACE ENVOY_SHA';

/** Oldest first within each family. */
export const RELEASES: readonly Release[] = [
  r('envoy', '1.26', [0, null], '2023-04', 'envoy-1.26', `${EO} @ e7543a0d49 (v1.26.0)`, '1.26.x patches were not read (envoyproxy/envoy#27718 may have moved them to 5d76116: same imports)'),
  r('envoy', '1.27', [0, 7], '2023-07', 'envoy-1.27', `${EO} @ 7bba38b743 (v1.27.0), 66d96c5f71 (v1.27.7)`),
  r('envoy', '1.28', [0, 7], '2023-10', 'envoy-1.27', `${EO} @ b5ca88acee (v1.28.0) … 4848d6d548 (v1.28.7)`),
  r('envoy', '1.29', [0, null], '2024-01', 'envoy-1.29', `${EO} @ a6d1d66a62 (v1.29.0)`, '1.29.x patches were not read'),
  r('envoy', '1.30', [0, 1], '2024-04', 'envoy-1.29', `${EO} @ 50ea83e602 (v1.30.0), 816188b86a (v1.30.1)`),
  r('envoy', '1.31', [0, 5], '2024-07', 'envoy-1.29', `${EO} @ 7b8baff175 (v1.31.0) … 688c4bbe47 (v1.31.5)`),
  r('envoy', '1.32', [0, 12], '2024-10', 'envoy-1.32.0', `${EO} @ 86dc7ef91c (v1.32.0) … fbbda16f23 (v1.32.12)`),
  r('envoy', '1.32', [13, null], '2025-10-13', 'envoy-1.32.13', `${EO} @ 0c686a2237 (v1.32.13; backport 7441c532fe)`),
  r('envoy', '1.33', [0, null], '2025-01', 'envoy-1.32.13', `${EO} @ b0f43d67aa (v1.33.0)`, '1.33.x patches were not read'),
  r('envoy', '1.34', [0, 12], '2025-04', 'envoy-1.32.13', `${EO} @ d7809ba2b0 (v1.34.0) … 5251fec52e (v1.34.12)`),
  r('envoy', '1.35', [0, 8], '2025-07', 'envoy-1.35', `${EO} @ 84305a6cb6 (v1.35.0) … 9a0cdcadab (v1.35.8)`),
  r('envoy', '1.36', [0, 4], '2025-10', 'envoy-1.35', `${EO} @ 63ee0dc79d (v1.36.0) … bad8280de8 (v1.36.4)`),
  r('envoy', '1.37', [0, null], '2026-01', 'envoy-1.37', `${EO} @ 4d06d2faad (main, 1.37.0-dev, 2025-12-18)`, 'the v1.37.0 tag was not read: it pins c8868da or beb8a4e, which register the same functions'),
  r('envoy', '1.38', [0, null], '2026-04', 'envoy-1.38', 'envoyproxy/envoy#43023 (main -> beb8a4e, 2026-01-15) and #44526 (2026-04-20)', 'the v1.38.0 tag was not read: main pinned beb8a4e from 2026-01-15 to 2026-06-22'),

  r('istio', '1.18', [0, null], '2023-06', 'envoy-1.26', `${IP} 4a54a596e3 = Envoy 1.27.0-dev (main after 1.26.0)`, 'later 1.18 pins were not read (5d76116 after 2023-06-01: same imports)'),
  r('istio', '1.19', [0, null], '2023-09', 'envoy-1.27', `${IP} dbe56775e9 = Envoy 1.27.6-dev`),
  r('istio', '1.20', [0, null], '2023-11', 'envoy-1.27', `${IP} 346cc33852 = Envoy 1.28.6-dev`),
  r('istio', '1.21', [0, null], '2024-03', 'envoy-1.29', `${IP} c5fa4f0c04 … ce3fab1276`, 'no pinned ENVOY_SHA was resolved: Envoy 1.29 assumed'),
  r('istio', '1.22', [0, null], '2024-05', 'envoy-1.29', `${IP} 4c0b14882e = Envoy 1.31.0-dev (main after 1.30.0)`),
  r('istio', '1.23', [0, null], '2024-08', 'envoy-1.29', `${IP} 1f44388c = Envoy 1.31.1, 136d20a9 = 1.31.2-dev`),
  r('istio', '1.24', [0, null], '2024-11', 'envoy-1.32.0', `${IP} 33af1bfe58 = Envoy 1.32.10-dev (pins f199214)`),
  r('istio', '1.25', [0, null], '2025-03', 'envoy-1.32.13', `${IP} cedb633d = Envoy 1.34.0-dev (main after 1.33.0)`),
  r('istio', '1.26', [0, null], '2025-05', 'envoy-1.32.13', `${IP} c435eecc = Envoy 1.34.1, 6aa1dcf8 = 1.34.10`),
  r('istio', '1.27', [0, null], '2025-08', 'envoy-1.35', `${IP} 6b7268ad = Envoy 1.35.0-dev, 2c2cd7ef = 1.35.2`, 'the branch\'s first pin (2025-07-06) ran c4d7bb0: same imports, no allow_on_headers_stop_iteration'),
  r('istio', '1.28', [0, null], '2025-11', 'envoy-1.35', `${IP} 85fa39dd = Envoy 1.36.2-dev … 0c30f2cf = 1.36.5-dev`),
  r('istio', '1.29', [0, null], '2026-02', 'envoy-1.37', `${IP} 6d9bb7d9a8 … 0ec8f933a9`, 'no pinned ENVOY_SHA was resolved: Envoy 1.37 assumed (c8868da or beb8a4e, the same imports)'),

  r('higress', '2.0', [0, 6], '2024-09', 'higress-2.0', 'alibaba/higress envoy/envoy submodule -> higress-group/envoy envoy-1.27 @ 9c9c3b7 (v2.0.0), b354184 (v2.0.1), e9302f5 (v2.0.2/3), 440fb1b (v2.0.4–6)', 'v2.0.4–v2.0.6 (440fb1b, 2024-12-06) were not read: they predate the fork\'s sched_yield (503d013, 2024-12-19)'),
  r('higress', '2.0', [7, null], '2025', 'higress-2.0.7', 'alibaba/higress v2.0.7 -> higress-group/envoy envoy-1.27 @ c2471f1', 'its cpp-host pin was not read: the first fork commit with sched_yield is assumed'),
  r('higress', '2.1', [0, null], '2025', 'higress-2.1', 'alibaba/higress v2.1.0 … v2.1.11 -> higress-group/envoy envoy-1.27 @ a2c5a07 … 384e5aa', 'their cpp-host pins were not read: the fork at 913c1b0 (2025-07-25) is assumed'),
  r('higress', '2.2', [0, null], '2026-02', 'higress-2.2', 'alibaba/higress v2.2.0, v2.2.1 -> higress-group/envoy envoy-1.36 @ b462366, 43287ff; envoy-1.36 @ 90629a8 pins d1ab18f', 'd1ab18f was not read: the table of 913c1b0 is used'),
];

/** `family@1.32`, or `family@1.32.13` when the line is split between host tables. */
export function releaseLabel(rel: Release): string {
  const split = RELEASES.filter((x) => x.family === rel.family && x.line === rel.line).length > 1;
  return `${rel.family}@${split ? `${rel.line}.${rel.patches[0]}` : rel.line}`;
}

/** `1.32.0 – 1.32.12`, `1.33.x`, `1.32.13+`. */
export function releaseCovers(rel: Release): string {
  const [a, b] = rel.patches;
  if (b === null) return a === 0 ? `${rel.line}.x` : `${rel.line}.${a}+`;
  return a === b ? `${rel.line}.${a}` : `${rel.line}.${a} – ${rel.line}.${b}`;
}

/** The oldest version a release entry covers, for "Envoy < 1.32.13". */
export function releaseFirstVersion(rel: Release): string {
  return rel.patches[0] === 0 ? rel.line : `${rel.line}.${rel.patches[0]}`;
}

/** The newest version a release entry covers, for "Envoy 1.26 – 1.32.12". */
export function releaseLastVersion(rel: Release): string {
  const split = RELEASES.filter((x) => x.family === rel.family && x.line === rel.line).length > 1;
  return split && rel.patches[1] !== null ? `${rel.line}.${rel.patches[1]}` : rel.line;
}
