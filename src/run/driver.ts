/**
 * One plugin run, synchronously: boot the VM like a gateway worker, then one stream per
 * scenario on that VM (state carried between requests is exercised). After a trap the VM is
 * failed for good on that worker; the remaining scenarios run on a fresh VM, as the next worker
 * (or Higress's recovery) would run them, so one fault does not hide the next.
 * Runs inside the worker thread, and in-process in tests.
 */
import { createSharedStore, isHostExhausted, type HostExhausted } from 'proxy-wasm-host-mock';
import { finding } from '../findings.js';
import type { Finding, Phase, ScenarioResult } from '../report.js';
import { bootFindings } from './boot.js';
import { runBudget } from './budget.js';
import { trapFinding } from './observe.js';
import type { RunJob, WorkerMessage } from './job.js';
import { runScenario } from './scenario.js';
import { analyzeGrowth, GROWTH_WINDOWS, growthFinding, soakScenario } from './soak.js';
import { assumedClusters, inertPlugin } from './activity.js';
import { lifecycleLogs, pluginLogs, isEmpty } from './logs.js';
import { newRunRecord, VmRun, type Plugin, type ProgressSink } from './vm.js';

const GROWTH_WARMUP = 3;

export function runJob(job: RunJob, progress: ProgressSink, emit: (m: WorkerMessage) => void, plugin: Plugin): void {
  const shared = createSharedStore();
  const record = newRunRecord();
  const budget = runBudget(job.limits, job.soakRequests);
  let vm: VmRun | undefined = new VmRun(job, progress, plugin, shared, record, budget);
  let reported = false;
  let afterScenarios = false;
  const idleFindings: Finding[] = [];
  try {
    vm.host.beginBudgetScope('start and configure');
    const boot = vm.boot();
    const logs = job.keepLogs && job.reportBoot ? lifecycleLogs(vm.host.logsSince(0)) : undefined;
    const phase: Phase = boot.ok ? 'configure' : phaseOfStage(boot.stages.at(-1)?.stage);
    // The calls that led to a start or configure failure travel with its finding: all of them
    // under --trace (there is no scenario to show them in), else the last ones.
    const trace = boot.ok ? undefined : vm.traceSince(0, job.keepTrace ? Infinity : 20);
    const failed = bootFindings(vm.host, boot, job).map((f) => (trace === undefined ? f : { ...f, trace }));
    const memoryPhase: Phase = vm.memoryPeak?.callback === 'proxy_on_configure' ? 'configure' : 'start';
    const memory = vm.observer.memory(vm.memoryPeak, vm.host.profile.maxMemoryBytes, {}, memoryPhase);
    const findings = [...failed, ...memory, ...vm.observer.collect(phase, {}, vm.host.failure !== undefined)];
    emit({ type: 'boot', ok: boot.ok, findings: job.reportBoot ? findings : [], ...(logs === undefined ? {} : { logs }) });
    reported = true;
    if (!boot.ok) return emit({ type: 'done' });

    const idle = new IdleTicks(job);
    idleFindings.push(...idle.run(vm));
    const results: ScenarioResult[] = [];
    for (let i = job.startIndex; i < job.scenarios.length; i++) {
      const scenario = job.scenarios[i];
      if (scenario === undefined) continue;
      // --faults: a scenario that called out nothing has no dependency to fail.
      if (scenario.faultOf !== undefined && !record.calledOut.has(scenario.faultOf)) continue;
      if (vm.host.failure !== undefined) {
        // The failed VM is dropped before the next one starts (its memory is not held twice).
        vm = undefined;
        vm = new VmRun(job, progress, plugin, shared, record, budget);
        vm.host.beginBudgetScope('start and configure');
        if (!vm.boot().ok) break;
        vm.observer.collect('configure', {}, false);
      }
      vm.host.beginBudgetScope(`scenario ${scenario.name}`);
      let result = runScenario(vm, scenario, i);
      if (job.soakRequests > 0 && passed(result) && scenario.faultOf === undefined) {
        const soak = soakScenario(vm, scenario, i, result, job.soakRequests);
        result = { ...result, findings: [...result.findings, ...soak.findings], soak: soak.stats };
      }
      results.push(result);
      emit({ type: 'scenario', index: i, result });
      if (i + 1 < job.scenarios.length) idleFindings.push(...idle.run(vm));
    }
    afterScenarios = true;
    // Judged on the first worker's whole run only (a rerun after a CPU hang sees part of it).
    const whole = job.reportBoot && job.startIndex === 0;
    const notices = whole ? [...inertPlugin(vm, job, results), ...assumedClusters(job, record)] : [];
    vm.host.beginBudgetScope('the memory-growth repeats');
    const growth = growthCheck(vm, job, results);
    vm.host.beginBudgetScope('shutdown');
    const shutdownFrom = vm.host.logPosition;
    const late = [...idleFindings, ...notices, ...growth, ...shutdown(vm)];
    const shutdownLogs = job.keepLogs ? pluginLogs(vm.host.logsSince(shutdownFrom)) : undefined;
    const withLogs = shutdownLogs === undefined || isEmpty(shutdownLogs) ? {} : { shutdownLogs };
    if (late.length > 0 || 'shutdownLogs' in withLogs) emit({ type: 'findings', findings: late, ...withLogs });
  } catch (e) {
    if (!isHostExhausted(e) || vm === undefined) throw e;
    if (!afterScenarios && idleFindings.length > 0) emit({ type: 'findings', findings: idleFindings });
    exhausted(vm, e, reported, afterScenarios, emit);
  }
  emit({ type: 'done' });
}

/** A host budget ran out: the scenario (or start-up) it ran out in ends with WV3013; the run stops. */
function exhausted(vm: VmRun, e: HostExhausted, bootReported: boolean, afterScenarios: boolean, emit: (m: WorkerMessage) => void): void {
  const { index, name } = vm.current;
  const callback = vm.lastCallbackName() || 'the plugin';
  // The memory-growth repeats reuse a scenario's index: their result is not that scenario's.
  const inScenario = index >= 0 && !afterScenarios;
  const scenario = inScenario ? name : name === '' ? 'start-up' : name;
  const where = inScenario ? { scenario, callback } : { callback };
  const trace = vm.traceSince(vm.current.traceFrom, 20);
  const f: Finding = { ...finding('WV3013', { scenario, callback, detail: e.detail, inScenario }, inScenario || bootReported ? 'traffic' : 'start', where), trace };
  if (!bootReported) {
    emit({ type: 'boot', ok: false, findings: [f] });
    return;
  }
  if (inScenario) {
    const result: ScenarioResult = { name, outcome: 'error', findings: [f], durationMs: 0, ...(vm.job.keepTrace ? { trace: vm.traceSince(vm.current.traceFrom) } : {}) };
    emit({ type: 'scenario', index, result });
  } else emit({ type: 'findings', findings: [f] });
}

/** Ticks fired with no traffic, a few of every period the plugin set (at most this many in all). */
const IDLE_TICKS = 3;
const IDLE_MAX_TICKS = 1_000;

/**
 * Timers fire without traffic, as a worker's do: after start-up and between scenarios, the
 * virtual clock advances so that every period set fires a few times (bounded for short periods).
 * A tick that traps is reported once (the next scenario runs on a fresh VM); one that loops is a
 * CPU hang the supervisor reports.
 */
class IdleTicks {
  private reported = false;
  constructor(private readonly job: RunJob) {}

  run(vm: VmRun): Finding[] {
    if (vm.host.failure !== undefined) return [];
    const periods = vm.host.pending().timers.map((t) => t.periodMs).filter((p) => p > 0);
    if (periods.length === 0) return [];
    const ms = Math.min(IDLE_TICKS * Math.max(...periods), IDLE_MAX_TICKS * Math.min(...periods));
    const label = 'timers between requests';
    vm.current = { index: -1, name: label, traceFrom: vm.traceCount };
    vm.host.beginBudgetScope(label);
    vm.step(`${label}: virtual time +${ms} ms`, 'proxy_on_tick', () => vm.host.advanceTime(ms));
    const failure = vm.host.failure;
    const findings = vm.observer.collect('traffic', {}, failure !== undefined);
    if (failure === undefined || this.reported) return findings;
    this.reported = true;
    return [{ ...trapFinding(vm.host, failure, this.job, 'traffic', {}), trace: vm.traceSince(vm.current.traceFrom, 20) }, ...findings];
  }
}

function phaseOfStage(stage: string | undefined): Phase {
  if (stage === 'configure') return 'configure';
  if (stage === 'start' || stage === 'vm_start') return 'start';
  return 'link';
}

function passed(r: ScenarioResult): boolean {
  return r.outcome === 'forwarded' || r.outcome === 'local-response';
}

/**
 * WV4005 without --soak: repeat the first passing scenario a few times and flag memory that grew
 * in most windows (higress.md §3 #8: leaks end in OOM). A soak measures every scenario instead.
 */
function growthCheck(vm: VmRun, job: RunJob, results: readonly ScenarioResult[]): Finding[] {
  if (job.soakRequests > 0 || job.growthRequests <= 0 || vm.host.failure !== undefined) return [];
  const passing = results.find(passed);
  const index = job.scenarios.findIndex((s) => s.name === passing?.name);
  const scenario = job.scenarios[index];
  if (scenario === undefined || passing === undefined) return [];
  const quiet = { ...scenario, expect: undefined };
  const samples: number[] = [];
  for (let n = 0; n < job.growthRequests + GROWTH_WARMUP; n++) {
    const r = runScenario(vm, quiet, index);
    if (r.outcome !== passing.outcome) return [];
    samples.push(vm.host.memoryBytes());
  }
  const cap = vm.host.profile.maxMemoryBytes;
  const g = analyzeGrowth(samples, GROWTH_WARMUP, cap);
  if (!g.sustained || job.growthRequests < GROWTH_WINDOWS) return [];
  const stats = {
    requests: samples.length,
    warmup: GROWTH_WARMUP,
    seconds: 0,
    requestsPerSecond: 0,
    memoryBefore: g.before,
    memoryAfter: g.after,
    bytesPerRequest: Math.round(g.slope),
    windowsGrown: g.windowsGrown,
    projectedRequestsToCap: g.projectedRequests,
  };
  return [growthFinding(stats, cap, { scenario: scenario.name })];
}

function shutdown(vm: VmRun): Finding[] {
  vm.current = { index: -1, name: 'shutdown', traceFrom: vm.traceCount };
  const healthy = vm.host.failure === undefined;
  vm.shutdown();
  const failure = vm.host.failure;
  // A trap in proxy_on_done / proxy_on_delete of the root context (plugin removal or reload).
  const trap = healthy && failure !== undefined ? [{ ...trapFinding(vm.host, failure, vm.job, 'traffic', {}), trace: vm.traceSince(vm.current.traceFrom, 20) }] : [];
  return [...trap, ...vm.observer.collect('traffic', {}, failure !== undefined)];
}
