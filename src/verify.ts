/**
 * Verification of plugin files against host profiles: the static phase (inspect once, run the
 * checks for each host) and then, unless `static`, the runtime phase (traffic on the emulated
 * host, src/run). Pure with respect to the outside world apart from reading the named files.
 */
import { PROFILES, type HostProfile } from 'proxy-wasm-host-mock/profiles';
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

import { newestTarget, parseHostSpec, type HostSpec, type HostTarget } from './hosts/spec.js';
import { behaviourKey } from './hosts/behaviour.js';
import { minimumVersions, type FamilyMinimum } from './hosts/versions.js';

/**
 * A `--host` value (src/hosts/spec.ts: auto, envoy@1.32, istio, higress@2.0.4, envoy@1.30..1.36,
 * all, versions, comma lists), or a list of them (a settings file's `host` list).
 */
export type HostChoice = string | readonly string[];

/** The parsed host choice: a list is its items joined with commas. */
export function hostSpecOf(choice: HostChoice | undefined): HostSpec {
  return parseHostSpec(choice === undefined ? 'auto' : typeof choice === 'string' ? choice : choice.join(','));
}

/** Options of a verification; the CLI flags map one to one. */
export interface VerifyOptions {
  /**
   * `auto` (default): the newest Higress for 0.2.100 / Higress-only imports, else the newest Envoy;
   * otherwise the --host grammar of src/hosts/spec.ts (`envoy@1.32`, `all`, `versions`, lists).
   */
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
  /** Repeat every passing scenario this many times on one VM and measure memory growth (`--soak N`). */
  readonly soak?: number;
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
export function hostsFor(choice: HostChoice | HostSpec, info: ModuleInfo | null, buildrc: BuildRc | null = null): HostTarget[] {
  const spec = typeof choice === 'string' || Array.isArray(choice) ? hostSpecOf(choice as HostChoice) : (choice as HostSpec);
  if (spec.kind === 'targets') return [...spec.targets];
  if (info === null) return [newestTarget('envoy')];
  return [autoTarget(autoHostFor(info, buildrc))];
}

/** What src/auto-host.ts picked, as a target: a family name is its newest release, a table id itself. */
function autoTarget(picked: string): HostTarget {
  if (picked === 'envoy' || picked === 'istio' || picked === 'higress') return newestTarget(picked);
  const spec = parseHostSpec(picked);
  return spec.kind === 'targets' && spec.targets[0] !== undefined ? spec.targets[0] : newestTarget('envoy');
}

/** A module the gateway would load and link: no error in the load or link phase. */
export function loadable(findings: readonly Finding[]): boolean {
  return !findings.some((f) => (f.originalSeverity ?? f.severity) === 'error' && (f.phase === 'load' || f.phase === 'link'));
}

/**
 * Traffic runs of one file at a time (each a worker thread with its own V8 heap and up to the
 * profile's memory cap): as many as the three hosts `--host all` used to run, whatever the
 * number of releases asked for.
 */
const MAX_CONCURRENT_RUNS = 3;

function limiter(n: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  const next = (): void => {
    active--;
    queue.shift()?.();
  };
  return (job) =>
    new Promise((resolve, reject) => {
      const start = (): void => {
        active++;
        job().then(resolve, reject).finally(next);
      };
      if (active < n) start();
      else queue.push(start);
    });
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

async function verifyOne(
  input: InputFile,
  options: VerifyOptions,
): Promise<{ results: PluginResult[]; info: ModuleInfo | null; versions: FamilyMinimum[] }> {
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
  // Releases that share a host table share its static checks; tables that behave alike share one
  // traffic run (src/hosts/behaviour.ts), so --host all costs one run per distinct host, not per release.
  const spec = hostSpecOf(options.host);
  const targets = hostsFor(spec, inspection.info, buildrc);
  const early = new Map<string, { run: Promise<RuntimeOutcome>; abort: AbortController }>();
  const slots = limiter(MAX_CONCURRENT_RUNS);
  const runs = targets.map((target) => {
    const host = PROFILES[target.profile];
    const abi = inspection.info === null ? null : abiFor(inspection.info, host);
    const ctx: Omit<RuntimeContext, 'staticFindings'> | undefined =
      !options.static && inspection.info !== null && inspection.walked !== null && compiled !== null && 'module' in compiled && abi !== null
        ? { file: input.file, ...(input.path === undefined ? {} : { path: input.path }), bytes: input.bytes, module: compiled.module, info: inspection.info, walked: inspection.walked, host, abi, options }
        : undefined;
    const key = `${behaviourKey(host)}|${abi}`;
    let pending = early.get(key);
    if (pending === undefined && ctx !== undefined && options.runtime === undefined) {
      const abort = new AbortController();
      const runCtx: RuntimeContext = { ...ctx, staticFindings: [], signal: abort.signal };
      pending = { run: slots(() => defaultRuntime(runCtx)), abort };
      early.set(key, pending);
      // Awaited in host order below; a later host failing first must not be an unhandled rejection.
      pending.run.catch(() => undefined);
    }
    return { target, host, abi, ctx, early: ctx === undefined ? undefined : pending, key };
  });
  const rawByProfile = new Map<string, { raw: readonly Finding[]; ms: number }>();
  const shared = new Map<string, Promise<RuntimeOutcome>>();
  try {
    for (const { target, host, abi, ctx, early: pending, key } of runs) {
      const checksStarted = performance.now();
      const checked = rawByProfile.get(host.id) ?? { raw: runChecks({ file: input.file, bytes: input.bytes, inspection, compiled, host, abi, buildrc }), ms: performance.now() - checksStarted };
      rawByProfile.set(host.id, checked);
      const raw = checked.raw;
      const staticDurationMs = Math.round(readMs + checked.ms);
      const staticFindings = applyPolicy(raw, options.policy);
      let findings = staticFindings;
      let scenarios: readonly ScenarioResult[] = [];
      let logs: LifecycleLogs | undefined;
      // Whether the gateway loads the module does not depend on the policy: the raw findings decide.
      // Tables in one behaviour group link alike, so a module none of them loads stops their run.
      const loads = loadable(raw);
      if (ctx !== undefined && !loads && pending !== undefined) {
        pending.abort.abort();
        await pending.run.catch(() => undefined);
      }
      if (ctx !== undefined && loads) {
        const run = pending?.run ?? shared.get(key) ?? (options.runtime ?? defaultRuntime)({ ...ctx, staticFindings });
        shared.set(key, run);
        const outcome = await run;
        findings = [...staticFindings, ...applyPolicy(outcome.findings, options.policy)];
        scenarios = outcome.scenarios.map((s) => ({ ...s, findings: sortFindings(applyPolicy(s.findings, options.policy)) }));
        logs = outcome.logs;
      }
      results.push(lazySha256({
        file: input.file,
        sha256: '',
        size: input.bytes.length,
        host: target.label,
        profile: host.id,
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
    for (const r of early.values()) r.abort.abort();
  }
  const versions = spec.kind === 'targets' && spec.versions ? minimumVersions(input.file, targets, results) : [];
  return { results, info: inspection.info, versions };
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
  const versions: FamilyMinimum[] = [];
  const modules: Record<string, ModuleInfo | null> = {};
  try {
    const files = inputs.map((i) => (typeof i === 'string' ? readInput(i) : i));
    // Traffic runs one file keeps going at once: one per host asked for, at most MAX_CONCURRENT_RUNS.
    const hostCount = (o: VerifyOptions): number => {
      const spec = hostSpecOf(o.host);
      return Math.min(MAX_CONCURRENT_RUNS, spec.kind === 'targets' ? spec.targets.length : 1);
    };
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
      versions.push(...out.versions);
      modules[f.file] = out.info;
    }
  } finally {
    await pool?.close();
  }
  // The minimum versions, when --host asked for them (all, versions, a range) for any file.
  const spec = hostSpecOf(options.host);
  const summary = versions.length > 0 || (spec.kind === 'targets' && spec.versions) ? { versions } : {};
  return { report: { schemaVersion: 1, tool: { name: 'wasm-verify', version: VERSION }, results, ...summary }, modules };
}
