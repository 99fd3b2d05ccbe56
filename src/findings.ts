import { RULES, type RuleArgs, type RuleId, type RuleInfo } from './rules/catalog.js';
import type { Finding, Phase, TraceEvent, Where } from './report.js';

/** Makes a finding of rule `id` from its typed arguments: the one place text is rendered. */
export function finding<R extends RuleId>(
  id: R,
  args: RuleArgs<R>,
  phase: Phase,
  where: Where = {},
  trace?: readonly TraceEvent[],
): Finding {
  const info = RULES[id] as unknown as RuleInfo<RuleArgs<R>>;
  const hint = info.hint?.(args);
  return {
    ruleId: id,
    slug: info.slug,
    severity: info.severity,
    message: info.message(args),
    ...(hint === undefined ? {} : { hint }),
    phase,
    where,
    args,
    ...(trace === undefined ? {} : { trace }),
  };
}

const PHASE_ORDER: readonly Phase[] = ['load', 'static', 'link', 'start', 'configure', 'traffic'];
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Deterministic order before any formatter sees findings: phase, severity, rule id, message. */
export function sortFindings(list: readonly Finding[]): Finding[] {
  return [...list].sort(
    (a, b) =>
      PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.message.localeCompare(b.message),
  );
}
