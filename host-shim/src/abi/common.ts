/** Shared shapes of the ABI-area modules. */
import type { HostCore } from '../core.js';
import type { GuestMemory } from '../memory.js';
import { MemoryFault } from '../memory.js';
import { WasmResult } from '../symbols.js';

/** A hostcall body: i32 arguments arrive as numbers, i64 as bigints. Returns the i32 result. */
export type HostImpl = (...args: never[]) => number | void;

/** One ABI area's implementations, keyed by the bare import name. */
export type HostFunctions = Readonly<Record<string, HostImpl>>;

export function mem(core: HostCore): GuestMemory {
  if (core.mem === undefined) throw new MemoryFault('memory not linked yet');
  return core.mem;
}

/** An enum argument the host does not know: BadArgument plus a note (never a crash). */
export function badEnum(core: HostCore, fn: string, argument: string, value: number): number {
  core.notes.push({ kind: 'bad_enum', fn, argument, value, callback: core.vm.outerCallback() });
  return WasmResult.BadArgument;
}

/** A registered hostcall the shim does not emulate: Unimplemented (12), never Ok. */
export function unimplemented(core: HostCore, fn: string): number {
  if (!core.notes.some((n) => n.kind === 'unimplemented' && n.fn === fn)) {
    core.notes.push({ kind: 'unimplemented', fn, callback: core.vm.outerCallback() });
  }
  return WasmResult.Unimplemented;
}
