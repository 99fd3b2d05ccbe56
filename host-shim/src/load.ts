/**
 * WasmBase::load up to the VM: module info from the bytes (import/export signatures, name section),
 * the ABI marker (bytecode_util.cc getAbiVersion), compilation. Failure texts are the host's.
 */
import { detectAbi, type Loaded } from './lifecycle.js';
import { readModuleInfo, type ModuleInfo } from './module-info.js';
import type { AbiVersion } from './symbols.js';
import type { HostOptions, LifecycleResult } from './types.js';

export type LoadResult =
  | { readonly info: ModuleInfo | undefined; readonly abi: AbiVersion | undefined; readonly loaded: Loaded }
  | { readonly info: ModuleInfo | undefined; readonly abi: AbiVersion | undefined; readonly failure: LifecycleResult };

const failure = (message: string): LifecycleResult => ({ stage: 'load', ok: false, message, failState: 'UnableToInitializeCode' });

/** Names only, from the JS API, when a compiled Module comes without its bytes. */
function infoFromModule(m: WebAssembly.Module): ModuleInfo {
  return {
    imports: WebAssembly.Module.imports(m).map((i) => ({ module: i.module, name: i.name, kind: i.kind })),
    exports: WebAssembly.Module.exports(m).map((e, index) => ({ name: e.name, kind: e.kind, index })),
    functionNames: new Map<number, string>(),
  };
}

export function loadModule(options: HostOptions, known: readonly AbiVersion[]): LoadResult {
  const m = options.module;
  const bytes = m instanceof Uint8Array ? m : options.moduleBytes;
  let info: ModuleInfo;
  try {
    info = bytes !== undefined ? readModuleInfo(bytes) : infoFromModule(m as WebAssembly.Module);
  } catch {
    return { info: undefined, abi: undefined, failure: failure('Failed to parse corrupted Wasm module') };
  }
  const abi = detectAbi(info, known);
  if (abi === undefined) return { info, abi, failure: failure('Missing or unknown Proxy-Wasm ABI version') };
  if (!(m instanceof Uint8Array)) return { info, abi, loaded: { module: m, info, exactSignatures: bytes !== undefined } };
  try {
    return { info, abi, loaded: { module: new WebAssembly.Module(m), info, exactSignatures: true } };
  } catch (e) {
    return { info, abi, failure: failure(`Failed to load Wasm bytecode: ${e instanceof Error ? e.message : String(e)}`) };
  }
}
