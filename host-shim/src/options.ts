/** Options as the host uses them: defaults applied once. */
import { EMPTY, toBytes, utf8 } from './bytes.js';
import type { ResolvedOptions } from './core.js';
import type { HostProfile } from './profiles/index.js';
import type { HostOptions } from './types.js';

export function resolveOptions(o: HostOptions, profile: HostProfile): ResolvedOptions {
  const cfg = o.pluginConfiguration;
  const clusters = o.clusters;
  return {
    pluginConfiguration: cfg === undefined ? EMPTY : typeof cfg === 'string' || cfg instanceof Uint8Array ? toBytes(cfg) : utf8(JSON.stringify(cfg)),
    vmConfiguration: o.vmConfiguration === undefined ? EMPTY : toBytes(o.vmConfiguration),
    rootId: o.rootId ?? '',
    vmId: o.vmId ?? '',
    pluginName: o.pluginName ?? 'wasm-verify',
    environment: Object.entries(o.environment ?? {}),
    properties: o.properties ?? {},
    clusterExists: clusters === undefined ? () => true : typeof clusters === 'function' ? clusters : (n) => clusters.includes(n),
    failOpen: o.failOpen ?? false,
    logLevel: o.logLevel ?? 'info',
    startTimeMs: o.startTimeMs ?? 1_735_689_600_000,
    bodyBufferSemantics: o.bodyBufferSemantics ?? profile.bodyBufferSemantics,
    bufferLimitBytes: o.bufferLimitBytes ?? 1024 * 1024,
    upstreamHosts: o.upstreamHosts ?? [],
  };
}

/** Deterministic bytes (splitmix32), seeded per host, so runs are reproducible. */
export function prng(seed: number): (n: number) => Uint8Array {
  let s = seed >>> 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      out[i] = (z ^ (z >>> 16)) & 0xff;
    }
    return out;
  };
}

