/**
 * STUB (created by the CLI/static engineer so verify() has its runtime hook): the traffic phase.
 * The traffic engineer replaces this file; keep the export `runTraffic(ctx)`.
 */
import type { RuntimeContext, RuntimeOutcome } from '../verify.js';

/** Runs the scenarios for one module on one host. Stub: no traffic, no findings. */
export async function runTraffic(_ctx: RuntimeContext): Promise<RuntimeOutcome> {
  return { findings: [], scenarios: [] };
}
