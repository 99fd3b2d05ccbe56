/** Shared shapes of the ABI-area modules. */
import type { HostCore } from '../core.js';
import type { GuestMemory } from '../memory.js';
import { MemoryFault } from '../memory.js';
import { WasmResult } from '../symbols.js';
import type { ChargeKind } from '../budget.js';

/** A hostcall body: i32 arguments arrive as numbers, i64 as bigints. Returns the i32 result. */
export type HostImpl = (...args: never[]) => number | void;

/** One ABI area's implementations, keyed by the bare import name. */
export type HostFunctions = Readonly<Record<string, HostImpl>>;

export function mem(core: HostCore): GuestMemory {
  if (core.mem === undefined) throw new MemoryFault('memory not linked yet');
  return core.mem;
}

/**
 * The host is about to keep `n` bytes of `kind` for the plugin (call before copying them): charged
 * to the run's budget (throws HostExhausted past it). Bytes kept for a stream are released when
 * the stream ends.
 */
export function keep(core: HostCore, kind: ChargeKind, n: number, fn: string): void {
  if (n <= 0) return;
  core.budget.charge(kind, n, `${fn} in ${core.vm.outerCallback()}`);
  const ctx = core.contexts.get(core.effectiveContextId || core.currentContextId);
  if (ctx?.kind !== 'stream') return;
  let m = core.streamCharges.get(ctx.id);
  if (m === undefined) core.streamCharges.set(ctx.id, (m = new Map()));
  m.set(kind, (m.get(kind) ?? 0) + n);
}

/** A stream ended: what was kept for it is released. */
export function releaseStream(core: HostCore, contextId: number): void {
  const m = core.streamCharges.get(contextId);
  if (m === undefined) return;
  core.streamCharges.delete(contextId);
  for (const [kind, n] of m) core.budget.release(kind, n);
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
