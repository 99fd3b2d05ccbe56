import {
  HOST_FUNCTIONS,
  WASI_FUNCTIONS,
  WASI_MODULES,
  type AbiVersion,
  type Signature,
} from '../symbols.js';
import { HIGRESS_TABLES } from './higress-fork.js';
import { HOST_TABLE_IDS } from './ids.js';
import { RELEASES, type Family } from './releases.js';
import type { HostId, HostProfile } from './types.js';
import { UPSTREAM_TABLES } from './upstream.js';

export type { HostId, HostProfile, HostSource } from './types.js';
export { FAMILIES, FAMILY_NAMES, RELEASES, releaseCovers, releaseFirstVersion, releaseLabel, releaseLastVersion, type Family, type Release } from './releases.js';

function byId(list: readonly HostProfile[]): Readonly<Record<HostId, HostProfile>> {
  const out: Partial<Record<HostId, HostProfile>> = {};
  for (const p of list) out[p.id] = p;
  for (const id of HOST_TABLE_IDS) if (out[id] === undefined) throw new Error(`host table ${id} is missing`);
  return out as Record<HostId, HostProfile>;
}

/** Every host table, by id (one per pinned proxy-wasm-cpp-host commit and gateway switches). */
export const PROFILES: Readonly<Record<HostId, HostProfile>> = byId([...UPSTREAM_TABLES, ...HIGRESS_TABLES]);

export const HOST_IDS: readonly HostId[] = HOST_TABLE_IDS;

/** A gateway family's name alone (`envoy`, `istio`, `higress`) means its newest release. */
export type HostName = HostId | Family;

/** The table of the newest release of `family`. */
export function newestProfile(family: Family): HostProfile {
  const rel = RELEASES.filter((r) => r.family === family).at(-1);
  if (rel === undefined) throw new Error(`no release of ${family}`);
  return PROFILES[rel.profile];
}

/** A table by id, or a family's newest release (`envoy`, `istio`, `higress`). */
export function getProfile(id: HostName): HostProfile {
  return id === 'envoy' || id === 'istio' || id === 'higress' ? newestProfile(id) : PROFILES[id];
}

export function isHostId(s: string): s is HostId {
  return (HOST_TABLE_IDS as readonly string[]).includes(s);
}

/** One function a host registers: `module.name` with the signature the host gives it. */
export interface RegisteredImport {
  readonly module: string;
  readonly name: string;
  readonly signature: Signature;
  readonly kind: 'proxy' | 'wasi';
}

/**
 * Every function the host of `profile` registers for a module of ABI `abi`, keyed
 * `module.name`: exactly what a plugin can import (src/wasm.cc registerCallbacks).
 */
export function registeredImports(profile: HostProfile, abi: AbiVersion): Map<string, RegisteredImport> {
  const out = new Map<string, RegisteredImport>();
  for (const f of HOST_FUNCTIONS) {
    if (f.feature !== undefined && !profile.hostFeatures.includes(f.feature)) continue;
    if (f.abi !== 'all' && !f.abi.includes(abi)) continue;
    out.set(`${f.module}.${f.name}`, { module: f.module, name: f.name, signature: f.signature, kind: 'proxy' });
  }
  for (const f of WASI_FUNCTIONS) {
    if (!profile.wasiGroups.includes(f.group)) continue;
    const signature = profile.wasiSignatureOverrides[f.name] ?? f.signature;
    for (const module of WASI_MODULES) {
      out.set(`${module}.${f.name}`, { module, name: f.name, signature, kind: 'wasi' });
    }
  }
  return out;
}

/** Whether `module.name` may be called while the start functions run. */
export function allowedDuringStart(profile: HostProfile, module: string, name: string): boolean {
  return allowed(profile.startAllowList, module, name);
}

/** Whether `module.name` may be called from inside the allocator. */
export function allowedDuringAllocator(profile: HostProfile, module: string, name: string): boolean {
  return profile.allocatorAllowList === null || allowed(profile.allocatorAllowList, module, name);
}

function allowed(list: readonly string[], module: string, name: string): boolean {
  if (module === 'env') return list.includes(`env.${name}`);
  return (WASI_MODULES as readonly string[]).includes(module) && list.includes(name);
}

/**
 * `--host auto`: Higress when the module exports the 0.2.100 marker or imports a function only
 * the Higress host provides; upstream Envoy otherwise.
 */
export function autoHost(exportedMarkers: readonly string[], importNames: readonly string[]): Family {
  if (exportedMarkers.includes('proxy_abi_version_0_2_100')) return 'higress';
  const higressOnly = new Set(HOST_FUNCTIONS.filter((f) => f.feature !== undefined).map((f) => f.name));
  return importNames.some((n) => higressOnly.has(n)) ? 'higress' : 'envoy';
}
