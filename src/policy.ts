/**
 * Policy, applied once after detection (hadolint style): ignored rules, severity overrides, and
 * the severity that fails a plugin. Checks never look at it.
 */
import type { RuleId } from './rules/catalog.js';
import type { Finding, ScenarioResult, Severity, Verdict } from './report.js';

export interface Policy {
  /** Rules to drop entirely. */
  readonly ignore?: readonly RuleId[];
  /** Per-rule severity overrides. */
  readonly severity?: Partial<Record<RuleId, Severity>>;
  /** Lowest severity that fails a plugin; default `error`. */
  readonly failOn?: Severity;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Scenario outcomes that fail a plugin whatever their findings say (issue 4). */
const FAILING_OUTCOMES = new Set<ScenarioResult['outcome']>(['hang', 'stall', 'cpu-hang', 'trap', 'error']);

export function applyPolicy(findings: readonly Finding[], policy: Policy = {}): Finding[] {
  const ignore = new Set(policy.ignore ?? []);
  return findings
    .filter((f) => !ignore.has(f.ruleId))
    .map((f) => {
      const s = policy.severity?.[f.ruleId];
      return s === undefined || s === f.severity ? f : { ...f, severity: s };
    });
}

export function verdictOf(findings: readonly Finding[], scenarios: readonly ScenarioResult[], policy: Policy = {}): Verdict {
  const limit = RANK[policy.failOn ?? 'error'];
  const failing = (list: readonly Finding[]): boolean => list.some((f) => RANK[f.severity] <= limit);
  if (failing(findings)) return 'fail';
  if (scenarios.some((s) => FAILING_OUTCOMES.has(s.outcome) || failing(s.findings))) return 'fail';
  return 'pass';
}
