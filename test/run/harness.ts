/** Runs a plugin job in-process (no worker) and collects what the worker would post. */
import type { HostId } from 'proxy-wasm-host-mock';
import { walkModule } from 'proxy-wasm-host-mock/binary';
import type { Finding, LifecycleLogs, ScenarioResult } from '../../src/report.js';
import { runJob } from '../../src/run/driver.js';
import type { RunJob, WorkerMessage } from '../../src/run/job.js';
import { NO_PROGRESS, type Plugin } from '../../src/run/vm.js';
import { builtinScenarios, parseScenario, type Scenario } from '../../src/scenarios/index.js';

export interface InProcessRun {
  readonly bootOk: boolean;
  readonly bootFindings: readonly Finding[];
  readonly scenarios: readonly ScenarioResult[];
  readonly findings: readonly Finding[];
  /** Outcome per scenario name. */
  readonly outcomes: Record<string, string>;
  /** With keepLogs: start/configure logs (boot message) and shutdown logs. */
  readonly logs: LifecycleLogs;
}

export function job(host: HostId, scenarios: readonly Scenario[], extra: Partial<RunJob> = {}): RunJob {
  return {
    host,
    scenarios,
    startIndex: 0,
    pluginConfiguration: '',
    vmConfiguration: '',
    rootId: '',
    vmId: '',
    pluginName: 'test',
    failOpen: false,
    stallDeadlineMs: 60_000,
    keepTrace: false,
    growthRequests: 0,
    soakRequests: 0,
    rebuildCommand: '',
    hasBuildRc: false,
    toolchain: 'unknown',
    reportBoot: true,
    keepLogs: false,
    clusters: [],
    ...extra,
  };
}

/** The plugin as the static phase hands it to the traffic phase: compiled and walked once. */
export function pluginOf(bytes: Uint8Array): Plugin {
  return { module: new WebAssembly.Module(bytes), bytes, walked: walkModule(bytes) };
}

export function runInProcess(bytes: Uint8Array, host: HostId, scenarios: readonly Scenario[] = builtinScenarios(), extra: Partial<RunJob> = {}): InProcessRun {
  const messages: WorkerMessage[] = [];
  runJob(job(host, scenarios, extra), NO_PROGRESS, (m) => messages.push(m), pluginOf(bytes));
  let bootOk = false;
  let bootFindings: Finding[] = [];
  const results: ScenarioResult[] = [];
  const findings: Finding[] = [];
  let logs: LifecycleLogs = {};
  for (const m of messages) {
    if (m.type === 'boot') {
      bootOk = m.ok;
      bootFindings = [...m.findings];
      logs = { ...m.logs };
    } else if (m.type === 'scenario') results.push(m.result);
    else if (m.type === 'findings') {
      findings.push(...m.findings);
      if (m.shutdownLogs !== undefined) logs = { ...logs, shutdown: m.shutdownLogs };
    }
    else if (m.type === 'internal-error') throw new Error(`${m.message}\n${m.stack}`);
  }
  return { bootOk, bootFindings, scenarios: results, findings, outcomes: Object.fromEntries(results.map((r) => [r.name, r.outcome])), logs };
}

export function scenario(raw: object): Scenario {
  return parseScenario({ name: 'custom', ...raw }, 'test');
}

export function ruleIds(list: readonly Finding[]): string[] {
  return [...new Set(list.map((f) => f.ruleId))].sort();
}
