/**
 * The traffic phase: start/configure the plugin like a gateway worker, then drive every selected
 * scenario through it on the emulated host, in a supervised worker thread.
 */
import { basename } from 'node:path';
import type { ScenarioResult } from '../report.js';
import { findBuildRc, shellWord, type BuildRc } from '../buildrc.js';
import { InputError } from '../errors.js';
import { withFaults } from '../scenarios/faults.js';
import { loadScenarios } from '../scenarios/load.js';
import { loadWasmPlugin, type WasmPluginSettings } from '../scenarios/config.js';
import type { RuntimeContext, RuntimeOutcome } from '../verify.js';
import type { RunJob } from './job.js';
import { supervise } from './supervisor.js';
import { DEFAULT_RUN_TIMEOUT_MS, runLimits } from './budget.js';

/**
 * Wall-clock ms one plugin callback may run before it is a CPU hang (WV3008). Generous next to
 * real callbacks (a Go plugin's slowest, _initialize, takes tens of ms) and short enough that a
 * run with several hanging scenarios still ends in seconds.
 */
export const DEFAULT_TIMEOUT_MS = 3_000;
/** Virtual ms a stopped stream waits for pending work before it is a stall (WV3007). */
export const DEFAULT_STALL_DEADLINE_MS = 60_000;
/** Repeats of a passing scenario for the memory-growth check (WV4005). */
export const DEFAULT_GROWTH_REQUESTS = 10;

/** Runs the scenarios for one module on one host. Plugin problems are findings; bad input throws InputError. */
export async function runTraffic(ctx: RuntimeContext): Promise<RuntimeOutcome> {
  const o = ctx.options;
  const loaded = loadScenarios(o.scenarios ?? []);
  const scenarios = o.faults === true ? withFaults(loaded) : loaded;
  const wp: WasmPluginSettings | undefined = o.wasmplugin === undefined ? undefined : loadWasmPlugin(o.wasmplugin);
  if (wp !== undefined && o.config !== undefined) throw new InputError('give either --config or --wasmplugin (which carries the configuration), not both');
  const rc = findBuildRc(ctx.path, o.pluginDir);
  const job: RunJob = {
    host: ctx.host.id,
    scenarios,
    startIndex: 0,
    pluginConfiguration: wp?.config ?? (o.config === undefined ? '' : new TextDecoder().decode(o.config)),
    vmConfiguration: '',
    rootId: o.rootId ?? wp?.rootId ?? '',
    vmId: o.vmId ?? '',
    pluginName: wp?.pluginName ?? basename(ctx.file).replace(/\.wasm$/i, ''),
    failOpen: wp?.failOpen ?? false,
    stallDeadlineMs: DEFAULT_STALL_DEADLINE_MS,
    keepTrace: o.trace === true,
    growthRequests: DEFAULT_GROWTH_REQUESTS,
    soakRequests: o.soak ?? 0,
    rebuildCommand: rebuildCommand(rc),
    hasBuildRc: rc !== null,
    toolchain: ctx.info.toolchain.id,
    reportBoot: true,
    keepLogs: o.logs === true,
    clusters: o.clusters ?? [],
    limits: runLimits(o),
  };
  const run = await supervise(job, { module: ctx.module, bytes: ctx.bytes, walked: ctx.walked }, {
    timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxMemoryBytes: ctx.host.maxMemoryBytes,
    // A soak is a long run by request: no whole-run default then (each request keeps its own budgets).
    ...(o.runTimeoutMs !== undefined ? { runTimeoutMs: o.runTimeoutMs } : o.soak === undefined ? { runTimeoutMs: DEFAULT_RUN_TIMEOUT_MS } : {}),
    ...(o.workers === undefined ? {} : { pool: o.workers }),
    ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
  });
  const results = run.scenarios.filter((s): s is ScenarioResult => s !== undefined);
  return { findings: [...run.bootFindings, ...run.findings], scenarios: results, ...(run.logs === undefined ? {} : { logs: run.logs }) };
}

/** `PLUGIN_NAME=… EXTRA_TAGS=… make build` when the plugin's .buildrc asks for the 0.2.100 tag. */
function rebuildCommand(rc: BuildRc | null): string {
  const tags = rc?.vars['EXTRA_TAGS'];
  if (rc === null || tags === undefined || !tags.split(/[\s,]+/).includes('proxy_wasm_version_0_2_100')) return '';
  return `PLUGIN_NAME=${shellWord(rc.pluginName)} EXTRA_TAGS=${shellWord(tags)} make build`;
}
