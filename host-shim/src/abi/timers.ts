/**
 * Tick timers per root context on the virtual clock (Envoy Wasm::setTimerPeriod: a new period
 * replaces the old timer, 0 stops it, the first tick fires one period after the call) and the
 * clock hostcalls.
 */
import { currentCtx, drainPosted, rootOf, runDeferred, type HostCore } from '../core.js';
import { WasmResult } from '../symbols.js';
import type { TimerInfo } from '../types.js';
import { mem, type HostFunctions } from './common.js';

export type Timers = Map<number, { periodMs: number; nextDueMs: number }>;

/** Realtime in ns: the virtual clock from the configured origin (Envoy systemTime). */
export function realtimeNs(core: HostCore): bigint {
  return BigInt(Math.round((core.opts.startTimeMs + core.clock.nowMs) * 1e6));
}

/** Monotonic ns: starts at 1 s so that 0 never looks like "unset". */
export function monotonicNs(core: HostCore): bigint {
  return BigInt(Math.round(core.clock.nowMs * 1e6)) + 1_000_000_000n;
}

export function timerList(t: Timers): TimerInfo[] {
  return [...t].map(([rootContextId, v]) => ({ rootContextId, periodMs: v.periodMs, nextDueMs: v.nextDueMs }));
}

export function timerFunctions(core: HostCore): HostFunctions {
  return {
    proxy_set_tick_period_milliseconds(period: number): number {
      const root = rootOf(core, currentCtx(core)).id;
      const p = period >>> 0;
      if (p === 0) core.timers.delete(root);
      else core.timers.set(root, { periodMs: p, nextDueMs: core.clock.nowMs + p });
      return WasmResult.Ok;
    },
    proxy_get_current_time_nanoseconds(retPtr: number): number {
      mem(core).writeU64(retPtr, realtimeNs(core));
      return WasmResult.Ok;
    },
  };
}

/**
 * Advances the virtual clock by `ms`, firing due ticks in time order; each tick is re-armed one
 * period after it fires (before the call, so the plugin may change it) and its after-call actions
 * run before the next tick.
 */
export function fireDueTicks(core: HostCore, ms: number): void {
  const target = core.clock.nowMs + Math.max(0, ms);
  for (let guard = 0; guard < 1_000_000; guard++) {
    let due: [number, { periodMs: number; nextDueMs: number }] | undefined;
    for (const e of core.timers) if (e[1].nextDueMs <= target && (due === undefined || e[1].nextDueMs < due[1].nextDueMs)) due = e;
    if (due === undefined) break;
    const [rootId, t] = due;
    core.clock.nowMs = Math.max(core.clock.nowMs, t.nextDueMs);
    t.nextDueMs = core.clock.nowMs + t.periodMs;
    if (core.vm.failure === undefined) core.vm.invokeCallback('proxy_on_tick', [rootId], rootId);
    runDeferred(core);
    drainPosted(core);
  }
  core.clock.nowMs = target;
}
