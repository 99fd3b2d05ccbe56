/**
 * Builds the import object from exactly `registeredImports(profile, abi)`: every registered
 * function is wrapped once (trace, restriction check, memory faults → status codes); a registered
 * function without an implementation answers Unimplemented (12) with a note.
 */
import type { HostCore } from './core.js';
import type { HostFunctions, HostImpl } from './abi/common.js';
import { HostExhausted, isHostExhausted } from './budget.js';
import { MemoryFault, NoMemory } from './memory.js';
import { registeredImports, type RegisteredImport } from './profiles/index.js';
import { Errno, WasmResult } from './symbols.js';
import { RestrictedCallback } from './vm.js';
import type { WebAssembly } from './webassembly.js';

type Arg = number | bigint;

function restrictionHint(phase: 'start' | 'allocator'): string {
  return phase === 'start'
    ? 'Go/TinyGo: hostcalls from init()/main() run during _initialize/_start; move them to proxy_on_vm_start / proxy_on_configure (OnPluginStart).'
    : 'The allocator must not call back into the host except to log; this host restricts hostcalls made from malloc.';
}

function wrap(core: HostCore, imp: RegisteredImport, impl: HostImpl | undefined): (...args: Arg[]) => number | undefined {
  const qualified = `${imp.module}.${imp.name}`;
  const isVoid = imp.signature.results.length === 0;
  const faultCode = imp.kind === 'wasi' ? Errno.FAULT : WasmResult.InvalidMemoryAccess;
  return (...args: Arg[]): number | undefined => {
    if (core.budget.exhausted !== undefined) throw core.budget.exhausted;
    core.trace.call('vm->host', qualified, args);
    core.traceNote = undefined;
    const blocked = core.vm.allowed(imp.module, imp.name);
    if (blocked !== undefined) {
      core.notes.push({ kind: 'restricted_callback', callee: qualified, phase: blocked, during: core.vm.currentCallback(), hint: restrictionHint(blocked) });
      throw new RestrictedCallback(qualified);
    }
    let result: number | undefined;
    try {
      if (impl === undefined) {
        if (!core.notes.some((n) => n.kind === 'unimplemented' && n.fn === qualified)) {
          core.notes.push({ kind: 'unimplemented', fn: qualified, callback: core.vm.outerCallback() });
        }
        result = isVoid ? undefined : WasmResult.Unimplemented;
      } else {
        const r = (impl as (...a: Arg[]) => number | void)(...args);
        result = isVoid ? undefined : (r ?? 0);
      }
    } catch (e) {
      if (e instanceof MemoryFault) {
        core.notes.push({ kind: 'invalid_memory', fn: qualified, detail: e.detail, callback: core.vm.outerCallback() });
        result = isVoid ? undefined : faultCode;
      } else if (e instanceof RestrictedCallback) {
        throw e;
      } else if (e instanceof NoMemory) {
        // The VM has no memory to give the result in: the call traps (see NoMemory).
        throw new NoMemory(qualified);
      } else if (e instanceof RangeError && /Maximum call stack/.test(e.message)) {
        // The guest's own recursion left no stack for the hostcall: the plugin's fault, a trap.
        throw e;
      } else if (isHostExhausted(e)) {
        // A host limit: unwind the guest (never a trap; invokeCallback rethrows it to the driver).
        core.budget.exhausted ??= e;
        throw core.budget.exhausted;
      } else if (e instanceof RangeError && /allocation failed|Invalid (typed array|array buffer|string) length|Array buffer allocation/i.test(e.message)) {
        // The host itself could not allocate what the plugin asked it to keep: a host limit.
        core.budget.exhausted ??= new HostExhausted('memory', `${qualified} from ${core.vm.outerCallback()} made the host allocate beyond what it can (${e.message})`);
        throw core.budget.exhausted;
      } else {
        // Our bug: never thrown into the guest; carried out and rethrown by invokeCallback.
        core.internalError ??= e;
        result = isVoid ? undefined : WasmResult.InternalFailure;
      }
    }
    const note = core.traceNote;
    core.traceNote = undefined;
    core.trace.returned('vm<-host', qualified, result, note);
    return result;
  };
}

/** `{ module: { name: fn } }` for the module's ABI; `tables` maps bare names to implementations. */
export function buildImports(core: HostCore, proxy: HostFunctions, wasi: HostFunctions): WebAssembly.Imports {
  if (core.abi === undefined) throw new Error('internal: ABI unknown');
  const out: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const imp of registeredImports(core.profile, core.abi).values()) {
    const impl = imp.kind === 'wasi' ? wasi[imp.name] : proxy[imp.name];
    (out[imp.module] ??= {})[imp.name] = wrap(core, imp, impl);
  }
  return out;
}
