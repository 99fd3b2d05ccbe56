/**
 * Verification of plugin files against host profiles: the static phase (inspect once, run the
 * checks for each host) and then, unless `static`, the runtime phase (traffic on the emulated
 * host, src/run). Pure with respect to the outside world apart from reading the named files.
 */
import { HOST_IDS, PROFILES, type HostId, type HostProfile } from 'proxy-wasm-host-mock/profiles';
import { autoHostFor } from './auto-host.js';
import { type AbiVersion } from 'proxy-wasm-host-mock/symbols';
import type { WalkedModule } from 'proxy-wasm-host-mock/binary';
import { findBuildRc, type BuildRc } from './buildrc.js';
import { runChecks } from './checks/index.js';
import { abiFor } from './checks/helpers.js';
import { sortFindings } from './findings.js';
import { lazySha256, sha256 } from './inspect/digest.js';
import { compileAsync, inspectBytes, type Inspection, type ModuleInfo } from './inspect/index.js';
import { checkPluginDir, readInput, type InputFile } from './input.js';
import { applyPolicy, verdictOf, type Policy } from './policy.js';
import type { Finding, LifecycleLogs, PluginResult, Report, ScenarioResult } from './report.js';
import { checkInput, checkOptions, checkVerifyArgs } from './verify-args.js';
import { VERSION } from './version.js';
import type { WorkerPool } from './run/pool.js';
import { defaultJobs, mapInOrder, type FileProgress } from './parallel.js';
import type { WebAssembly } from 'proxy-wasm-host-mock/webassembly';

/** One host, `auto`, `all`, or a list of hosts. */
export type HostChoice = 'auto' | 'all' | HostId | readonly HostId[];

/** Options of a verification; the CLI flags map one to one. */
export interface VerifyOptions {
  /** `auto` (default): Higress for 0.2.100 / Higress-only imports, else Envoy; `all`: every profile. */
  readonly host?: HostChoice;
  /** Plugin configuration bytes as the host passes them to proxy_on_configure. */
  readonly config?: Uint8Array;
  readonly rootId?: string;
  readonly vmId?: string;
  /** Directory holding the plugin's `.buildrc` (default: the directory of each wasm file). */
  readonly pluginDir?: string;
  /** Static checks only: no instantiation, no traffic. */
  readonly static?: boolean;
  /** Traffic options (src/run): scenario names or files, WasmPlugin resource, wall-clock limit. */
  readonly scenarios?: readonly string[];
  readonly wasmplugin?: string;
  readonly timeoutMs?: number;
  /** Whole-run budgets (src/run/budget.ts): wall ms of one plugin run on one host, plugin callbacks per scenario, MiB the host keeps. */
  readonly runTimeoutMs?: number;
  readonly maxEvents?: number;
  readonly hostMemoryMb?: number;
  readonly trace?: boolean;
  /** Keep what the plugin logged (level, callback, text), per scenario and lifecycle phase. */
  readonly logs?: boolean;
  /**
   * The upstream clusters that exist: a callout to any other gets BadArgument, as on Envoy.
   * Default: every cluster exists (and a notice names each one the plugin called).
   */
  readonly clusters?: readonly string[];
  /** Run each scenario that calls out again under every dependency fault (src/scenarios/faults.ts). */
  readonly faults?: boolean;
  /** Plugin workers started ahead (src/run/pool.ts); verifyDetailed() starts one itself unless `static`. */
  readonly workers?: WorkerPool;
  /** Replaces the runtime phase (tests, embedders); default: runTraffic from src/run. */
  readonly runtime?: RuntimePhase;
  readonly policy?: Policy;
  /**
   * Files verified at once (default: every core, src/parallel.ts defaultJobs). The report keeps
   * the input order whatever the value.
   */
  readonly jobs?: number;
  /** Called as each file's verification starts and ends (the CLI's progress line). */
  readonly onProgress?: (event: FileProgress) => void;
  /**
   * Options for single files, by their display name (`file`), over these (the CLI: each plugin's
   * settings-file entry). The worker pool and the runtime stay the call's.
   */
  readonly perFile?: ReadonlyMap<string, VerifyOptions>;
}

/** A file to verify: a path, or bytes with a display name (and optionally where they came from). */
export type VerifyInput = string | InputFile;

/** What the runtime phase gets: the module as the static phase left it, for one host. */
export interface RuntimeContext {
  readonly file: string;
  readonly path?: string;
  readonly bytes: Uint8Array;
  /** Compiled once by the static phase; instantiate it, do not recompile. */
  readonly module: WebAssembly.Module;
  readonly info: ModuleInfo;
  /** The section walk behind `info`: the emulated host reads it instead of parsing the bytes again. */
  readonly walked: WalkedModule;
  readonly host: HostProfile;
  readonly abi: AbiVersion;
  /** Empty for the default runtime, which starts before the static checks to overlap with them. */
  readonly staticFindings: readonly Finding[];
  readonly options: VerifyOptions;
  /** Aborted when the static checks find that the gateway would not load the module. */
  readonly signal?: AbortSignal;
}

export interface RuntimeOutcome {
  /** Findings about the plugin as a whole (start, configure). */
  readonly findings: readonly Finding[];
  readonly scenarios: readonly ScenarioResult[];
  /** With `logs`: what the plugin logged at start, configure and shutdown. */
  readonly logs?: LifecycleLogs;
}

export type RuntimePhase = (ctx: RuntimeContext) => Promise<RuntimeOutcome>;

/**
 * Hosts to verify one inspected module against. `auto`: src/auto-host.ts (0.2.100 marker, a
 * Higress-only import, a `.buildrc` asking for the 0.2.100 tag, or a Higress SDK in the build
 * info -> higress; else envoy).
 */
export function hostsFor(choice: HostChoice, info: ModuleInfo | null, buildrc: BuildRc | null = null): HostId[] {
  if (choice === 'all') return [...HOST_IDS];
  if (typeof choice !== 'string') return [...choice];
  if (choice !== 'auto') return [choice];
  if (info === null) return ['envoy'];
  return [autoHostFor(info, buildrc)];
}

/** A module the gateway would load and link: no error in the load or link phase. */
export function loadable(findings: readonly Finding[]): boolean {
  return !findings.some((f) => (f.originalSeverity ?? f.severity) === 'error' && (f.phase === 'load' || f.phase === 'link'));
}

async function defaultRuntime(ctx: RuntimeContext): Promise<RuntimeOutcome> {
  // Loaded only when traffic runs, so `--static` never pays for the runtime's modules.
  const { runTraffic } = await import('./run/index.js');
  return runTraffic(ctx);
}

/** Verifies one file against the chosen host(s): one PluginResult per host. */
export async function verifyFile(input: InputFile, options: VerifyOptions = {}): Promise<PluginResult[]> {
  checkInput('verifyFile', 'input', input, true);
  checkOptions('verifyFile', options);
  return (await verifyOne(input, options)).results;
}

async function verifyOne(input: InputFile, options: VerifyOptions): Promise<{ results: PluginResult[]; info: ModuleInfo | null }> {
  const started = performance.now();
  const inspection: Inspection = inspectBytes(input.bytes);
  // The CLI may have started V8's compile while it was loading (src/prefetch.ts).
  const compiled = inspection.problem === null ? await (input.precompiled ?? compileAsync(input.bytes)) : null;
  const readMs = performance.now() - started;
  const buildrc = findBuildRc(input.path, options.pluginDir);
  let digest: string | undefined;
  // Hashed only when read (src/inspect/digest.ts): the human output never shows it.
  const sha = (): string => (digest ??= inspection.info?.sha256 ?? sha256(input.bytes));
  const results: PluginResult[] = [];
  // The default traffic phase runs in a worker thread per host: start every host's now, so they
  // run concurrently (with --host all a slow plugin costs its slowest host, not the sum) and
  // overlap with the static checks; a host's run counts only if they find the module loadable.
  const runs = hostsFor(options.host ?? 'auto', inspection.info, buildrc).map((id) => {
    const host = PROFILES[id];
    const abi = inspection.info === null ? null : abiFor(inspection.info, host);
    const ctx: Omit<RuntimeContext, 'staticFindings'> | undefined =
      !options.static && inspection.info !== null && inspection.walked !== null && compiled !== null && 'module' in compiled && abi !== null
        ? { file: input.file, ...(input.path === undefined ? {} : { path: input.path }), bytes: input.bytes, module: compiled.module, info: inspection.info, walked: inspection.walked, host, abi, options }
        : undefined;
    const abort = new AbortController();
    const early = ctx !== undefined && options.runtime === undefined ? defaultRuntime({ ...ctx, staticFindings: [], signal: abort.signal }) : undefined;
    // Awaited in host order below; a later host failing first must not be an unhandled rejection.
    early?.catch(() => undefined);
    return { id, host, abi, ctx, abort, early };
  });
  try {
    for (const { id, host, abi, ctx, abort, early } of runs) {
      const checksStarted = performance.now();
      const raw = runChecks({ file: input.file, bytes: input.bytes, inspection, compiled, host, abi, buildrc });
      const staticDurationMs = Math.round(readMs + performance.now() - checksStarted);
      const staticFindings = applyPolicy(raw, options.policy);
      let findings = staticFindings;
      let scenarios: readonly ScenarioResult[] = [];
      let logs: LifecycleLogs | undefined;
      // Whether the gateway loads the module does not depend on the policy: the raw findings decide.
      const loads = loadable(raw);
      if (ctx !== undefined && !loads && early !== undefined) {
        abort.abort();
        await early.catch(() => undefined);
      }
      if (ctx !== undefined && loads) {
        const outcome = await (early ?? (options.runtime ?? defaultRuntime)({ ...ctx, staticFindings }));
        findings = [...staticFindings, ...applyPolicy(outcome.findings, options.policy)];
        scenarios = outcome.scenarios.map((s) => ({ ...s, findings: sortFindings(applyPolicy(s.findings, options.policy)) }));
        logs = outcome.logs;
      }
      results.push(lazySha256({
        file: input.file,
        sha256: '',
        size: input.bytes.length,
        host: id,
        abi,
        verdict: verdictOf(findings, scenarios, options.policy),
        findings: sortFindings(findings),
        scenarios,
        ...(logs === undefined ? {} : { logs }),
        staticDurationMs,
        durationMs: Math.round(performance.now() - started),
      }, sha));
    }
  } finally {
    // A host that threw (bad input) ends the verification: stop the runs still going.
    for (const r of runs) r.abort.abort();
  }
  return { results, info: inspection.info };
}

/** The call's options with a file's own (perFile) over them. */
function optionsFor(file: string, options: VerifyOptions): VerifyOptions {
  const own = options.perFile?.get(file);
  if (own === undefined) return options;
  const { perFile: _all, ...shared } = options;
  return { ...shared, ...own, ...(shared.workers === undefined ? {} : { workers: shared.workers }), ...(shared.runtime === undefined ? {} : { runtime: shared.runtime }) };
}

/**
 * Verifies every input. Unreadable inputs, and arguments of the wrong type, throw InputError
 * before anything is verified. Never prints, never exits.
 */
export async function verify(inputs: readonly VerifyInput[], options: VerifyOptions = {}): Promise<Report> {
  checkVerifyArgs('verify', inputs, options);
  const { report } = await verifyDetailed(inputs, options);
  // Plain data for the caller: each digest computed now, and the module bytes let go.
  for (const r of report.results) void r.sha256;
  return report;
}

/**
 * verify(), plus what was read of each module (for human headers; not part of the JSON report).
 * Each result's `sha256` is computed when first read (the CLI's human output never reads it).
 */
export async function verifyDetailed(
  inputs: readonly VerifyInput[],
  options: VerifyOptions = {},
): Promise<{ report: Report; modules: Record<string, ModuleInfo | null> }> {
  checkVerifyArgs('verifyDetailed', inputs, options);
  // --plugin-dir (or a settings entry's pluginDir) must be a directory: a usage error before anything runs.
  for (const o of [options, ...(options.perFile?.values() ?? [])]) if (o.pluginDir !== undefined) checkPluginDir(o.pluginDir);
  // Start the traffic worker now, so its start-up overlaps with reading and the static checks.
  // Loaded only then: --static needs no node:worker_threads.
  const pool = options.static || options.runtime !== undefined || options.workers !== undefined ? undefined : (await import('./run/pool.js')).createWorkerPool();
  const opts: VerifyOptions = pool === undefined ? options : { ...options, workers: pool };
  const results: PluginResult[] = [];
  const modules: Record<string, ModuleInfo | null> = {};
  try {
    const files = inputs.map((i) => (typeof i === 'string' ? readInput(i) : i));
    const hostCount = (o: VerifyOptions): number => (o.host === 'all' ? HOST_IDS.length : Array.isArray(o.host) ? o.host.length : 1);
    const widest = Math.max(hostCount(options), ...[...(options.perFile?.values() ?? [])].map(hostCount));
    const traffic = !options.static || [...(options.perFile?.values() ?? [])].some((o) => o.static !== true);
    const jobs = options.jobs ?? defaultJobs(widest, traffic);
    const total = files.length;
    // Every module is compiled once, by its own verifyOne (or before, by the CLI's prefetch).
    const done = await mapInOrder(files, jobs, async (f, index) => {
      options.onProgress?.({ type: 'start', index, file: f.file, total });
      const out = await verifyOne(f, optionsFor(f.file, opts));
      options.onProgress?.({ type: 'done', index, file: f.file, total });
      return { f, out };
    });
    for (const { f, out } of done) {
      results.push(...out.results);
      modules[f.file] = out.info;
    }
  } finally {
    await pool?.close();
  }
  return { report: { schemaVersion: 1, tool: { name: 'wasm-verify', version: VERSION }, results }, modules };
}
