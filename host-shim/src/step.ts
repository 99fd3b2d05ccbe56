/** One driver-visible step: run plugin code, then the after-call actions and posted work. */
import { drainPosted, runDeferred, type HostCore } from './core.js';
import type { StepResult } from './types.js';

export function step(core: HostCore, fn: () => void): StepResult {
  const start = core.vm.outcomes.length;
  fn();
  runDeferred(core);
  drainPosted(core);
  const calls = core.vm.outcomes.splice(start);
  return { calls, trapped: calls.some((c) => c.trapped) };
}
