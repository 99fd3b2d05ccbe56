/**
 * The static checks, in the order the gateway meets the problems (load -> ABI -> bytecode -> link
 * -> exports -> start), so the first error emitted is the one the gateway would log.
 */
import { abiMarker } from './abi-marker.js';
import { allocator } from './allocator.js';
import { buildrc } from './buildrc.js';
import { bytecode } from './bytecode.js';
import { callbacks } from './callbacks.js';
import { commandMode } from './command-mode.js';
import { higressAbi } from './higress-abi.js';
import { imports } from './imports.js';
import { load } from './load.js';
import { mainVoid } from './main-void.js';
import { memory } from './memory.js';
import type { Check, CheckContext } from './types.js';
import type { Finding } from '../report.js';

export type { Check, CheckContext } from './types.js';

export const CHECKS: readonly Check[] = [load, abiMarker, bytecode, imports, memory, allocator, callbacks, mainVoid, commandMode, buildrc, higressAbi];

/** Runs every check in order; findings come back in emission (gateway) order, unsorted. */
export function runChecks(ctx: CheckContext, checks: readonly Check[] = CHECKS): Finding[] {
  const out: Finding[] = [];
  const { info, walked } = ctx.inspection;
  for (const check of checks) {
    if (check.needs === 'bytes') out.push(...check.run(ctx));
    else if (info !== null && walked !== null) out.push(...check.run({ ...ctx, info, walked }));
  }
  return out;
}
