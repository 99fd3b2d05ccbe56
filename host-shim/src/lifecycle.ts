/**
 * Loading and starting the VM like cpp-host: ABI marker (bytecode_util.cc), link with exactly the
 * registered imports (v8.cc link), getFunctions (allocator, callback signatures), startVm
 * (_initialize + main | _start under the start allow-list), root context create/start/configure.
 */
import { HostExhausted } from './budget.js';
import type { HostCore } from './core.js';
import { newRootCtx } from './core.js';
import { GuestMemory } from './memory.js';
import type { ModuleInfo } from './module-info.js';
import { registeredImports } from './profiles/index.js';
import { ABI_MARKERS, CALLBACKS, formatSignature, sameSignature, type AbiVersion } from './symbols.js';
import { WebAssembly } from './webassembly.js';
import type { LifecycleResult } from './types.js';

export interface Loaded {
  readonly module: WebAssembly.Module;
  readonly info: ModuleInfo;
  /** Whether import signatures are known (bytes were given, not a compiled Module). */
  readonly exactSignatures: boolean;
}

const fail = (stage: LifecycleResult['stage'], message: string, failState: LifecycleResult['failState']): LifecycleResult =>
  failState === undefined ? { stage, ok: false, message } : { stage, ok: false, message, failState };

/** BytecodeUtil::getAbiVersion: the first exported function named like a marker wins. */
export function detectAbi(info: ModuleInfo, known: readonly AbiVersion[]): AbiVersion | undefined {
  for (const e of info.exports) {
    if (e.kind !== 'function') continue;
    const abi = ABI_MARKERS[e.name];
    if (abi !== undefined) return known.includes(abi) ? abi : undefined;
  }
  return undefined;
}

/** V8::link: the first unresolved import in import order, then signature mismatches. */
export function checkImports(core: HostCore, info: ModuleInfo, exact: boolean): string | undefined {
  const registered = registeredImports(core.profile, core.abi as AbiVersion);
  for (const imp of info.imports) {
    const key = `${imp.module}.${imp.name}`;
    if (imp.kind === 'memory') continue; // the host creates an imported memory with its limits
    const reg = imp.kind === 'function' ? registered.get(key) : undefined;
    if (reg === undefined) return `Failed to load Wasm module due to a missing import: ${key}`;
    if (exact && imp.signature !== undefined && !sameSignature(imp.signature, reg.signature)) {
      return `Failed to load Wasm module due to an import type mismatch: ${key}, want: ${formatSignature(imp.signature)}, but host exports: ${formatSignature(reg.signature)}`;
    }
  }
  return undefined;
}

/** getFunctions: every callback the host looks up is type-checked; the allocator must exist. */
export function checkExports(core: HostCore, info: ModuleInfo): LifecycleResult | undefined {
  const abi = core.abi as AbiVersion;
  const exported = new Map(info.exports.filter((e) => e.kind === 'function').map((e) => [e.name, e]));
  const seen = new Set<string>();
  for (const cb of CALLBACKS) {
    if (seen.has(cb.name) || (cb.abi !== 'all' && !cb.abi.includes(abi))) continue;
    if (cb.feature !== undefined && !core.profile.hostFeatures.includes(cb.feature)) continue;
    if (cb.name === '__main_void' && !core.profile.callsMainVoid) continue;
    seen.add(cb.name);
    const e = exported.get(cb.name);
    if (e?.signature !== undefined && !sameSignature(e.signature, cb.signature)) {
      const [want, got] = [formatSignature(cb.signature), formatSignature(e.signature)];
      core.notes.push({ kind: 'bad_export_signature', name: cb.name, want, got });
      return fail('link', `Bad function signature for: ${cb.name}, want: ${want}, but the module exports: ${got}`, 'UnableToInitializeCode');
    }
  }
  if (!exported.has('malloc') && !exported.has('proxy_on_memory_allocate')) {
    return fail('link', 'Wasm module is missing malloc function.', 'MissingFunction');
  }
  return undefined;
}

/** Instantiates and binds memory; returns a failure result or undefined. */
export function link(core: HostCore, loaded: Loaded, imports: WebAssembly.Imports): LifecycleResult {
  const importsCheck = checkImports(core, loaded.info, loaded.exactSignatures);
  if (importsCheck !== undefined) return fail('link', importsCheck, 'UnableToInitializeCode');
  const exportsCheck = checkExports(core, loaded.info);
  if (exportsCheck !== undefined) return exportsCheck;
  const memImport = WebAssembly.Module.imports(loaded.module).find((i) => i.kind === 'memory');
  let importedMemory: WebAssembly.Memory | undefined;
  if (memImport !== undefined) {
    importedMemory = new WebAssembly.Memory({ initial: 1, maximum: core.profile.maxMemoryBytes / 65536 });
    (imports[memImport.module] ??= {})[memImport.name] = importedMemory;
  }
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(loaded.module, imports);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return fail('link', `Failed to create new Wasm instance: ${detail}`, 'UnableToInitializeCode');
  }
  const exp = instance.exports;
  core.vm.bind(exp);
  const exportedMemory = Object.values(exp).find((v): v is WebAssembly.Memory => v instanceof WebAssembly.Memory);
  core.mem = new GuestMemory(exportedMemory ?? importedMemory, (size) => core.vm.allocate(size), (n, what) => {
    // One copy never exceeds the whole budget (what is kept is charged where it is kept).
    const limit = core.budget.limits.maxHostBytes;
    if (n > limit) throw new HostExhausted('memory', `${core.vm.currentCallback() === '(host)' ? 'the plugin' : core.vm.outerCallback()} asked the host to copy ${n} bytes of guest memory (${what}), more than the whole host memory budget of ${limit} bytes (--host-memory)`);
  });
  core.contexts.set(0, newRootCtx(0));
  return { stage: 'link', ok: true };
}

/** WasmBase::startVm on the VM context (id 0), under the profile's start allow-list. */
export function startVm(core: HostCore): LifecycleResult {
  const vm = core.vm;
  core.vm.withRestriction('start', () => {
    if (vm.has('_initialize')) {
      vm.invokeCallback('_initialize', [], 0);
      if (vm.has('main')) vm.invokeCallback('main', [0, 0], 0);
      else if (core.profile.callsMainVoid && vm.has('__main_void')) vm.invokeCallback('__main_void', [], 0);
    } else if (vm.has('_start')) {
      vm.invokeCallback('_start', [], 0);
    }
  });
  const f = vm.failure;
  return f === undefined ? { stage: 'start', ok: true } : { stage: 'start', ok: false, message: f.message, failState: 'RuntimeError', failure: f };
}

/** onStart: proxy_on_context_create(root, 0) with the configuration held, then proxy_on_vm_start(root, size). */
export function rootStart(core: HostCore, rootId: number): LifecycleResult {
  const root = newRootCtx(rootId);
  core.contexts.set(rootId, root);
  root.configReadable = true;
  core.vm.invokeCallback('proxy_on_context_create', [rootId, 0], rootId);
  root.configReadable = false;
  const out = core.vm.invokeCallback('proxy_on_vm_start', [rootId, core.opts.vmConfiguration.length], rootId);
  const f = core.vm.failure;
  if (f !== undefined) return { stage: 'vm_start', ok: false, message: f.message, failState: 'RuntimeError', failure: f };
  if (out.called && out.returned === 0) {
    return { stage: 'vm_start', ok: false, message: 'Failed to start base Wasm', failState: 'StartFailed', returned: 0 };
  }
  return out.returned === undefined ? { stage: 'vm_start', ok: true } : { stage: 'vm_start', ok: true, returned: out.returned };
}

/** onConfigure: proxy_on_configure(root, plugin_config_size) while the configuration is readable. */
export function rootConfigure(core: HostCore, rootId: number): LifecycleResult {
  const root = core.contexts.get(rootId);
  if (root === undefined || root.kind !== 'root') throw new Error('internal: configure before start');
  root.configReadable = true;
  const out = core.vm.invokeCallback('proxy_on_configure', [rootId, core.opts.pluginConfiguration.length], rootId);
  root.configReadable = false;
  const f = core.vm.failure;
  if (f !== undefined) return { stage: 'configure', ok: false, message: f.message, failState: 'RuntimeError', failure: f };
  if (out.called && out.returned === 0) {
    return { stage: 'configure', ok: false, message: 'Failed to configure base Wasm plugin', failState: 'ConfigureFailed', returned: 0 };
  }
  return out.returned === undefined ? { stage: 'configure', ok: true } : { stage: 'configure', ok: true, returned: out.returned };
}
