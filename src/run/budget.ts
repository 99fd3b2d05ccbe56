/**
 * Whole-run budgets (besides the per-callback deadline, --timeout): events and wall time per
 * scenario and per plugin run, and the host memory the plugin can make the emulated host keep.
 * Any chain of posted work (a queue that re-enqueues, callouts that fan out, ticks) ends with
 * WV3013 host-exhausted naming the loop, within seconds.
 */
import { createHostBudget, type HostBudget } from 'proxy-wasm-host-mock';
import type { RunLimits } from './job.js';

/** Plugin callbacks per scenario (--max-events); the run gets RUN_EVENTS_FACTOR times as many. */
export const DEFAULT_MAX_EVENTS = 100_000;
export const RUN_EVENTS_FACTOR = 10;
/** MiB the host may keep for the plugin beyond the guest's own memory (--host-memory). */
export const DEFAULT_HOST_MEMORY_MB = 256;
/** Wall-clock ms of one plugin run on one host (--run-timeout); a scenario gets a quarter. With --soak there is no whole-run default (the user asked for a long run); each request still gets the quarter. */
export const DEFAULT_RUN_TIMEOUT_MS = 60_000;

export function runLimits(o: { maxEvents?: number; hostMemoryMb?: number; runTimeoutMs?: number }): RunLimits {
  return {
    maxEvents: o.maxEvents ?? DEFAULT_MAX_EVENTS,
    maxHostBytes: Math.round((o.hostMemoryMb ?? DEFAULT_HOST_MEMORY_MB) * 1024 * 1024),
    scenarioWallMs: Math.max(1, Math.round((o.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS) / 4)),
  };
}

export const DEFAULT_RUN_LIMITS: RunLimits = runLimits({});

/**
 * One budget for every VM of a plugin run (a fresh VM after a trap keeps counting). A soak
 * (`--soak N`) makes each request a scope of its own and grows the run's event budget with N.
 */
export function runBudget(l: RunLimits = DEFAULT_RUN_LIMITS, soakRequests = 0): HostBudget {
  const runEvents = l.maxEvents * (RUN_EVENTS_FACTOR + soakRequests);
  return createHostBudget({ maxEvents: l.maxEvents, maxRunEvents: runEvents, maxHostBytes: l.maxHostBytes, scopeWallMs: l.scenarioWallMs });
}
