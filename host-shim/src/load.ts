/**
 * WasmBase::load up to the VM: module info from the bytes (import/export signatures, name section),
 * the ABI marker (bytecode_util.cc getAbiVersion), compilation. Failure texts are the host's.
 */
import { FeatureError, WalkError, walkModule } from './binary/index.js';
import { detectAbi, type Loaded } from './lifecycle.js';
import { moduleInfo, moduleInfoFromJsApi, type ModuleInfo } from './module-info.js';
import type { AbiVersion } from './symbols.js';
import type { HostOptions, LifecycleResult } from './types.js';
import { WebAssembly } from './webassembly.js';

export type LoadResult =
  | { readonly info: ModuleInfo | undefined; readonly abi: AbiVersion | undefined; readonly loaded: Loaded }
  | { readonly info: ModuleInfo | undefined; readonly abi: AbiVersion | undefined; readonly failure: LifecycleResult };

const failure = (message: string): LifecycleResult => ({ stage: 'load', ok: false, message, failState: 'UnableToInitializeCode' });

function compile(m: WebAssembly.Module | Uint8Array): { module: WebAssembly.Module } | { failure: LifecycleResult } {
  if (!(m instanceof Uint8Array)) return { module: m };
  try {
    return { module: new WebAssembly.Module(m) };
  } catch (e) {
    return { failure: failure(`Failed to load Wasm bytecode: ${e instanceof Error ? e.message : String(e)}`) };
  }
}

/** The ABI marker, then compilation (a compiled Module is taken as is). */
function detectAndCompile(m: WebAssembly.Module | Uint8Array, info: ModuleInfo, exactSignatures: boolean, known: readonly AbiVersion[]): LoadResult {
  const abi = detectAbi(info, known);
  if (abi === undefined) return { info, abi, failure: failure('Missing or unknown Proxy-Wasm ABI version') };
  const c = compile(m);
  return 'failure' in c ? { info, abi, failure: c.failure } : { info, abi, loaded: { module: c.module, info, exactSignatures } };
}

export function loadModule(options: HostOptions, known: readonly AbiVersion[]): LoadResult {
  const m = options.module;
  const bytes = m instanceof Uint8Array ? m : options.moduleBytes;
  if (bytes === undefined) return detectAndCompile(m, moduleInfoFromJsApi(m as WebAssembly.Module), false, known);
  let info: ModuleInfo;
  try {
    info = moduleInfo(bytes, options.walkedModule ?? walkModule(bytes));
  } catch (e) {
    if (!(e instanceof WalkError)) throw e;
    if (!(e instanceof FeatureError)) return { info: undefined, abi: undefined, failure: failure('Failed to parse corrupted Wasm module') };
    // Well-formed, with types the host's V8 may reject (e.g. GC): V8 decides; names only then.
    const c = compile(m);
    return 'failure' in c ? { info: undefined, abi: undefined, failure: c.failure } : detectAndCompile(c.module, moduleInfoFromJsApi(c.module), false, known);
  }
  return detectAndCompile(m, info, true, known);
}
