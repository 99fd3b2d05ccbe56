/**
 * Which V8 tier runs the plugin's code. A default run calls each plugin function a handful of
 * times, yet V8 recompiles the hot ones with TurboFan on background threads, and on a 9 MB Go
 * module that costs more CPU than the whole run (measured on go-ai-gateway: 860 -> 440 ms of CPU
 * per verification, bench/README.md). So the bin stays on Liftoff, V8's baseline compiler, unless
 * `--soak` runs the request code thousands of times, where the tier-up pays. Speed only, never a
 * verdict. V8 flags are part of a code cache's identity: the bin sets this before it loads its
 * bundles, and the build's training run (a default run) makes the caches under the same flag.
 */
import { setFlagsFromString } from 'node:v8';

export const BASELINE_TIER_FLAG = '--liftoff-only';

/** True when the arguments ask for a soak (a guess before parsing: it decides speed only). */
export function wantsOptimizingTier(args: readonly string[]): boolean {
  return args.some((a) => a === '--soak' || a.startsWith('--soak='));
}

export function chooseWasmTier(args: readonly string[]): void {
  if (!wantsOptimizingTier(args)) setFlagsFromString(BASELINE_TIER_FLAG);
}
