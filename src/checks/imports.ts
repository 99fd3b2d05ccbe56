/**
 * WV2001-WV2004: linking, as src/v8/v8.cc V8::link does it, import by import in import order.
 * The gateway stops at the first failure; we report every one and mark that first one.
 * What each host registers comes from the profile data (registeredImports), never from code here.
 */
import { registeredImports, type HostProfile, type RegisteredImport } from 'proxy-wasm-host-mock/profiles';
import { firstReleases, onlyOnEnvoyMain } from '../hosts/first-release.js';
import { type AbiVersion } from 'proxy-wasm-host-mock/symbols';
import { finding } from '../findings.js';
import type { Finding } from '../report.js';
import { abiFor, formatSig, sigEquals } from './helpers.js';
import type { Check, ModuleContext } from './types.js';

function registered(host: HostProfile, abi: AbiVersion | null): Map<string, RegisteredImport> {
  if (abi !== null) return registeredImports(host, abi);
  // No ABI selected (the load already failed): judge against everything the host ever registers.
  const all = new Map<string, RegisteredImport>();
  for (const v of host.abiVersions) for (const [k, r] of registeredImports(host, v)) all.set(k, r);
  return all;
}

/**
 * Per gateway family, the first release that would link `key` for this module (with the ABI it
 * would select, or any of its ABIs when it refuses the module's marker); and whether only Envoy's unreleased main has it.
 */
function providedBy(ctx: ModuleContext, key: string): { providedBy: string; mainOnly: boolean } {
  const links = (p: HostProfile): boolean => {
    // A host that refuses the module's ABI marker still answers for the import on its own ABIs:
    // an Envoy user is told the Envoy release that registers it (WV1002 reports the marker).
    const abi = abiFor(ctx.info, p);
    const abis = abi !== null ? [abi] : p.abiVersions;
    return abis.some((v) => registeredImports(p, v).has(key));
  };
  return { providedBy: firstReleases(links), mainOnly: onlyOnEnvoyMain(links) };
}

export const imports: Check = {
  name: 'imports',
  needs: 'module',
  run(ctx) {
    const { info, host, abi } = ctx;
    const reg = registered(host, abi);
    const out: Finding[] = [];
    let first = true;
    for (const imp of info.imports) {
      const symbol = `${imp.module}.${imp.name}`;
      const where = { symbol };
      if (imp.kind === 'global' || imp.kind === 'tag') {
        out.push(finding('WV2004', { symbol, kind: imp.kind, first }, 'link', where));
        first = false;
        continue;
      }
      if (imp.kind !== 'function' || imp.signature === undefined) continue;
      const hostFn = reg.get(symbol);
      if (hostFn !== undefined) {
        if (!sigEquals(imp.signature, hostFn.signature)) {
          out.push(
            finding('WV2002', { symbol, moduleWants: formatSig(imp.signature), hostExports: formatSig(hostFn.signature), first }, 'link', where),
          );
          first = false;
        }
        continue;
      }
      const otherAbis = abi === null ? [] : host.abiVersions.filter((v) => v !== abi && registeredImports(host, v).has(symbol));
      if (abi !== null && otherAbis.length > 0) {
        out.push(finding('WV2003', { symbol, abi, providedFor: otherAbis.join(', '), first }, 'link', where));
      } else {
        out.push(finding('WV2001', { symbol, first, host: host.id, ...providedBy(ctx, symbol) }, 'link', where));
      }
      first = false;
    }
    return out;
  },
};
