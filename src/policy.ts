/**
 * Policy, applied once after detection (hadolint style): ignored rules, severity overrides, and
 * the severity that fails a plugin. Checks never look at it. Nothing is dropped from the record:
 * an ignored finding stays in the report marked `ignored`, an overridden one keeps its
 * `originalSeverity`; formatters other than JSON show what `visibleReport` leaves.
 */
import type { RuleId } from './rules/catalog.js';
import type { Finding, PluginResult, Report, ScenarioResult, Severity } from './report.js';

/** What makes a plugin fail: a finding at this severity or worse; `none`: nothing does. */
export type FailureThreshold = Severity | 'none';
export const FAILURE_THRESHOLDS: readonly FailureThreshold[] = ['error', 'warning', 'info', 'none'];
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface Policy {
  /** Rules whose findings are marked ignored: kept in the JSON report, never shown or counted. */
  readonly ignore?: readonly RuleId[];
  /** Per-rule severity overrides. */
  readonly severity?: Partial<Record<RuleId, Severity>>;
  /** Lowest severity that fails a plugin; default `error`; `none`: a plugin never fails. */
  readonly failOn?: FailureThreshold;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Scenario outcomes that fail a plugin whatever their findings say (issue 4). */
const FAILING_OUTCOMES = new Set<ScenarioResult['outcome']>(['hang', 'stall', 'cpu-hang', 'trap', 'error']);

/** Marks ignored findings and applies severity overrides; the original severity is kept. */
export function applyPolicy(findings: readonly Finding[], policy: Policy = {}): Finding[] {
  const ignore = new Set(policy.ignore ?? []);
  return findings.map((f) => {
    const s = policy.severity?.[f.ruleId];
    const changed = s === undefined || s === f.severity ? f : { ...f, severity: s, originalSeverity: f.originalSeverity ?? f.severity };
    return ignore.has(f.ruleId) ? { ...changed, ignored: true as const } : changed;
  });
}

/** The findings that count: not ignored. */
export function counted(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.ignored !== true);
}

export function verdictOf(findings: readonly Finding[], scenarios: readonly ScenarioResult[], policy: Policy = {}): 'pass' | 'fail' {
  const failOn = policy.failOn ?? 'error';
  if (failOn === 'none') return 'pass';
  const limit = RANK[failOn];
  const failing = (list: readonly Finding[]): boolean => counted(list).some((f) => RANK[f.severity] <= limit);
  if (failing(findings)) return 'fail';
  if (scenarios.some((s) => FAILING_OUTCOMES.has(s.outcome) || failing(s.findings))) return 'fail';
  return 'pass';
}

/** The report as the human, JUnit, SARIF and GitHub formats show it: ignored findings left out. */
export function visibleReport(report: Report): Report {
  // A copy by descriptors: a result's sha256 is computed when first read (src/inspect/digest.ts).
  const strip = (r: PluginResult): PluginResult =>
    Object.defineProperties({}, {
      ...Object.getOwnPropertyDescriptors(r),
      findings: { value: counted(r.findings), enumerable: true },
      scenarios: { value: r.scenarios.map((s) => ({ ...s, findings: counted(s.findings) })), enumerable: true },
    }) as PluginResult;
  if (!report.results.some((r) => r.findings.some((f) => f.ignored) || r.scenarios.some((s) => s.findings.some((f) => f.ignored)))) return report;
  return { ...report, results: report.results.map(strip) };
}
