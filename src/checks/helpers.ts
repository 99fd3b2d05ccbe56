import { type HostProfile } from 'proxy-wasm-host-mock/profiles';
import { ABI_MARKERS, type AbiVersion, type Signature } from 'proxy-wasm-host-mock/symbols';
import type { ModuleInfo, ModuleSignature } from '../inspect/index.js';

/** Signature as the host prints it (src/v8/v8.cc printValTypes): `i32 i64 -> i32`, `void` for none. */
export function formatSig(s: ModuleSignature | Signature): string {
  const side = (t: readonly string[]): string => (t.length === 0 ? 'void' : t.join(' '));
  return `${side(s.params)} -> ${side(s.results)}`;
}

export function sigEquals(a: ModuleSignature | Signature, b: ModuleSignature | Signature): boolean {
  return formatSig(a) === formatSig(b);
}

/** The ABI a host selects: the first function export, in export order, whose name it knows (bytecode_util.cc). */
export function abiFor(info: Pick<ModuleInfo, 'markers'>, host: HostProfile): AbiVersion | null {
  for (const m of info.markers) {
    const abi = ABI_MARKERS[m];
    if (abi !== undefined && host.abiVersions.includes(abi)) return abi;
  }
  return null;
}

export function exportedFunction(info: ModuleInfo, name: string): ModuleInfo['exports'][number] | undefined {
  return info.exports.find((e) => e.kind === 'function' && e.name === name);
}

/** `a, b and c` */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
