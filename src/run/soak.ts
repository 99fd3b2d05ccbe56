/**
 * Memory over many identical requests on one VM (`--soak N`, and the short repeat a default run
 * makes): the guest memory after every request, then the growth after warm-up as a slope in
 * bytes per request and the requests left before the profile's cap. Growth counts as a leak only
 * when it is sustained — memory grew in most windows of the run — so the one-time steps of a heap
 * settling (Go grows in 4 MiB arenas, then reuses them) are not reported.
 */
import { finding } from '../findings.js';
import type { Finding, ScenarioResult, SoakStats } from '../report.js';
import type { Scenario } from '../scenarios/types.js';
import { runScenario } from './scenario.js';
import type { VmRun } from './vm.js';

/** The run after warm-up is cut into this many windows; growth in most of them is sustained. */
export const GROWTH_WINDOWS = 4;
/** Windows that must end higher than the one before (a single arena step grows one). */
const SUSTAINED_WINDOWS = 3;

export interface GrowthAnalysis {
  /** Memory when warm-up ended and after the last request. */
  readonly before: number;
  readonly after: number;
  /** Least-squares slope of memory over the requests after warm-up, bytes per request (>= 0). */
  readonly slope: number;
  /** Windows (of GROWTH_WINDOWS) in which memory grew. */
  readonly windowsGrown: number;
  readonly sustained: boolean;
  /** Requests until memory reaches `cap` at `slope`; null when it does not grow. */
  readonly projectedRequests: number | null;
}

/**
 * `samples[i]`: memory after request i; `warmup`: leading requests not counted; `base`: memory
 * before the first counted request (the sample before it).
 */
export function analyzeGrowth(samples: readonly number[], warmup: number, cap: number): GrowthAnalysis {
  const w = Math.min(Math.max(0, warmup), samples.length);
  const counted = samples.slice(w);
  const before = w > 0 ? (samples[w - 1] ?? 0) : (samples[0] ?? 0);
  const after = counted.at(-1) ?? before;
  const n = counted.length;
  let slope = 0;
  if (n >= 2) {
    const meanX = (n - 1) / 2;
    const meanY = counted.reduce((a, b) => a + b, 0) / n;
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      num += (i - meanX) * ((counted[i] ?? 0) - meanY);
      den += (i - meanX) ** 2;
    }
    slope = Math.max(0, num / den);
  }
  let windowsGrown = 0;
  let prev = before;
  for (let k = 1; k <= GROWTH_WINDOWS && n > 0; k++) {
    const end = counted[Math.max(0, Math.ceil((k * n) / GROWTH_WINDOWS) - 1)] ?? prev;
    if (end > prev) windowsGrown++;
    prev = end;
  }
  const sustained = windowsGrown >= SUSTAINED_WINDOWS && after > before;
  const projectedRequests = slope > 0 && after < cap ? Math.floor((cap - after) / slope) : slope > 0 ? 0 : null;
  return { before, after, slope, windowsGrown, sustained, projectedRequests };
}

/** Leading requests of a soak that are not counted (the heap settling): 10%, at least 3. */
export function warmupOf(requests: number): number {
  return Math.max(3, Math.ceil(requests / 10));
}

/** What a request must give to count as the same as the first one (headers may carry per-request ids). */
function fingerprint(r: ScenarioResult): string {
  const status = r.client?.headers.find(([k]) => k === ':status')?.[1] ?? '';
  return JSON.stringify([r.outcome, status, r.client?.body ?? '', r.upstream === undefined ? null : r.upstream.body]);
}

export interface SoakResult {
  readonly stats: SoakStats;
  readonly findings: Finding[];
}

/**
 * Runs `scenario` `requests` more times on `vm` after its first run `first`, sampling memory after
 * each; stops at the first request that ends differently (a trap, another status or body: WV3023).
 */
export function soakScenario(vm: VmRun, scenario: Scenario, index: number, first: ScenarioResult, requests: number): SoakResult {
  const quiet = { ...scenario, expect: undefined };
  const want = fingerprint(first);
  const cap = vm.host.profile.maxMemoryBytes;
  const samples: number[] = [];
  const started = performance.now();
  let broken: { at: number; result: ScenarioResult } | undefined;
  for (let n = 1; n <= requests; n++) {
    // Each request of a soak is one scope of the event and wall-time budgets (src/run/budget.ts).
    vm.host.beginBudgetScope(`scenario ${scenario.name} (soak request ${n})`);
    const r = runScenario(vm, quiet, index);
    samples.push(vm.host.memoryBytes());
    if (fingerprint(r) !== want) {
      broken = { at: n, result: r };
      break;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const warmup = warmupOf(requests);
  const g = analyzeGrowth(samples, warmup, cap);
  const stats: SoakStats = {
    requests: samples.length,
    warmup: Math.min(warmup, samples.length),
    seconds: Math.round(seconds * 1000) / 1000,
    requestsPerSecond: seconds > 0 ? Math.round(samples.length / seconds) : 0,
    memoryBefore: g.before,
    memoryAfter: g.after,
    bytesPerRequest: Math.round(g.slope),
    windowsGrown: g.windowsGrown,
    projectedRequestsToCap: g.projectedRequests,
  };
  const where = { scenario: scenario.name };
  const findings: Finding[] = [];
  if (broken !== undefined) {
    const got = broken.result;
    const status = (x: ScenarioResult): string => x.client?.headers.find(([k]) => k === ':status')?.[1] ?? 'none';
    const detail = got.outcome !== first.outcome ? `ended ${got.outcome} where the first ended ${first.outcome}` : `answered status ${status(got)} with a different body where the first answered ${status(first)}`;
    findings.push(finding('WV3023', { scenario: scenario.name, request: broken.at + 1, requests: requests + 1, detail }, 'traffic', where));
    findings.push(...got.findings.filter((f) => f.severity === 'error'));
  } else if (g.sustained && samples.length >= warmup + GROWTH_WINDOWS) {
    findings.push(growthFinding(stats, cap, where));
  }
  return { stats, findings };
}

/** WV4005 with the soak's numbers. */
export function growthFinding(s: SoakStats, cap: number, where: { scenario: string }): Finding {
  return finding(
    'WV4005',
    {
      requests: s.requests - s.warmup,
      warmup: s.warmup,
      before: s.memoryBefore,
      after: s.memoryAfter,
      bytesPerRequest: s.bytesPerRequest,
      windowsGrown: s.windowsGrown,
      windows: GROWTH_WINDOWS,
      cap,
      projectedRequests: s.projectedRequestsToCap ?? -1,
    },
    'traffic',
    where,
  );
}
