/**
 * Waiting on the virtual clock: deliver timer ticks and mocked callout answers in time order
 * until a condition holds, nothing is pending, or a virtual deadline passes.
 */
import type { Mocks } from '../scenarios/types.js';
import type { VmRun } from './vm.js';

/** Events delivered in one wait at most (a 1 ms timer over 60 s would be 60 000 wasm calls). */
export const MAX_EVENTS = 5_000;

export type WaitResult = 'done' | 'idle' | 'deadline' | 'trapped' | 'budget';

export function waitFor(vm: VmRun, mocks: Mocks, done: () => boolean, deadlineMs: number): WaitResult {
  vm.scheduler.delivered = [];
  for (let n = 0; n < MAX_EVENTS; n++) {
    if (done()) return 'done';
    if (vm.host.failure !== undefined) return 'trapped';
    const ev = vm.scheduler.next(mocks);
    if (ev === undefined) return 'idle';
    if (ev.at > deadlineMs) {
      const gap = deadlineMs - vm.host.now();
      if (gap > 0) vm.step(`virtual time +${gap} ms`, '', () => vm.host.advanceTime(gap));
      return done() ? 'done' : 'deadline';
    }
    vm.scheduler.fire(ev);
  }
  return done() ? 'done' : 'budget';
}

/** Deliver callout answers still outstanding (they reach the root context after the stream ended). */
export function drainCallouts(vm: VmRun, mocks: Mocks, deadlineMs: number): void {
  for (let n = 0; n < MAX_EVENTS && vm.host.failure === undefined; n++) {
    const ev = vm.scheduler.next(mocks, true);
    if (ev === undefined || ev.at > deadlineMs) return;
    vm.scheduler.fire(ev);
  }
}
