/**
 * One filter callback as ContextBase::onRequestHeaders & co. run it (HCH src/context.cc):
 * CHECK_FAIL before and after the call, stopNextIteration cleared around it, the raw value
 * converted by the host's rules.
 */
import type { CallOutcome } from '../types.js';
import type { DirectionOwner } from './direction.js';
import type { Converted } from './status.js';

export interface FilterCall {
  readonly out: CallOutcome;
  readonly conv: Converted;
}

/** undefined = the plugin is skipped (fail open): the filter continues. */
export function runFilterCallback(owner: DirectionOwner, name: string, args: number[], convert: (raw: number) => Converted, closed: Converted): FilterCall | undefined {
  const before = owner.checkFail();
  if (before === 'open') return undefined;
  if (before === 'closed') return { out: { export: name, called: false, trapped: false }, conv: closed };
  const core = owner.core;
  core.stopNextIteration = false;
  const out = core.vm.invokeCallback(name, args, owner.contextId);
  const after = owner.checkFail();
  if (after !== 'ok') core.stopNextIteration = false; // CHECK_FAIL returns before any conversion
  const conv = after === 'open' ? convert(0) : after === 'closed' ? closed : convert(out.called ? (out.returned ?? 0) : 0);
  core.stopNextIteration = false;
  return { out, conv };
}
