/**
 * Verification of plugin files against host profiles: the static phase (inspect once, run the
 * checks for each host) and then, unless `static`, the runtime phase (traffic on the emulated
 * host, src/run). Pure with respect to the outside world apart from reading the named files.
 */
import { PROFILES, autoHost, type HostProfile } from 'proxy-wasm-host-mock/profiles';
import { type AbiVersion } from 'proxy-wasm-host-mock/symbols';
import type { WalkedModule } from 'proxy-wasm-host-mock/binary';
import { findBuildRc, type BuildRc } from './buildrc.js';
import { runChecks } from './checks/index.js';
import { abiFor } from './checks/helpers.js';
import { sortFindings } from './findings.js';
import { lazySha256, sha256 } from './inspect/digest.js';
import { compile, inspectBytes, type Inspection, type ModuleInfo } from './inspect/index.js';
import { readInput, type InputFile } from './input.js';
import { applyPolicy, verdictOf, type Policy } from './policy.js';
import type { Finding, PluginResult, Report, ScenarioResult } from './report.js';
import { checkInput, checkOptions, checkVerifyArgs } from './verify-args.js';
import { VERSION } from './version.js';
import type { WorkerPool } from './run/pool.js';
import { newestTarget, parseHostSpec, type HostSpec, type HostTarget } from './hosts/spec.js';
import { behaviourKey } from './hosts/behaviour.js';
import { minimumVersions, type FamilyMinimum } from './hosts/versions.js';

/** A `--host` value: see src/hosts/spec.ts (auto, envoy@1.32, istio, higress@2.0.4, envoy@1.30..1.36, all, versions, lists). */
export type HostChoice = string;

/** Options of a verification; the CLI flags map one to one. */
export interface VerifyOptions {
  /**
   * `auto` (default): Higress for 0.2.100 / Higress-only imports, else Envoy (newest release);
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
  readonly trace?: boolean;
  /** Plugin workers started ahead (src/run/pool.ts); verifyDetailed() starts one itself unless `static`. */
  readonly workers?: WorkerPool;
  /** Replaces the runtime phase (tests, embedders); default: runTraffic from src/run. */
  readonly runtime?: RuntimePhase;
  readonly policy?: Policy;
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
}

export type RuntimePhase = (ctx: RuntimeContext) => Promise<RuntimeOutcome>;

/**
 * Hosts to verify one inspected module against. `auto` follows autoHost() (0.2.100 marker or a
 * Higress-only import -> higress), and also picks higress when the plugin's `.buildrc` asks for
 * the 0.2.100 tag: that file exists only in Higress's wasm-go build.
 */
export function hostsFor(choice: HostChoice | HostSpec, info: ModuleInfo | null, buildrc: BuildRc | null = null): HostTarget[] {
  const spec = typeof choice === 'string' ? parseHostSpec(choice) : choice;
  if (spec.kind === 'targets') return [...spec.targets];
  if (info === null) return [newestTarget('envoy')];
  if (/(^|[\s,])proxy_wasm_version_0_2_100($|[\s,])/.test(buildrc?.vars['EXTRA_TAGS'] ?? '')) return [newestTarget('higress')];
  return [newestTarget(autoHost(info.markers, info.imports.filter((i) => i.kind === 'function').map((i) => i.name)))];
}

/** A module the gateway would load and link: no error in the load or link phase. */
export function loadable(findings: readonly Finding[]): boolean {
  return !findings.some((f) => f.severity === 'error' && (f.phase === 'load' || f.phase === 'link'));
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
  const inspection: Inspection = inspectBytes(input.bytes);
  // The CLI may have started V8's compile while it was loading (src/prefetch.ts).
  const compiled = inspection.problem === null ? await (input.precompiled ?? Promise.resolve(compile(input.bytes))) : null;
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
  const targets = hostsFor(options.host ?? 'auto', inspection.info, buildrc);
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
    let started = early.get(key);
    if (started === undefined && ctx !== undefined && options.runtime === undefined) {
      const abort = new AbortController();
      const runCtx: RuntimeContext = { ...ctx, staticFindings: [], signal: abort.signal };
      started = { run: slots(() => defaultRuntime(runCtx)), abort };
      early.set(key, started);
      // Awaited in host order below; a later host failing first must not be an unhandled rejection.
      started.run.catch(() => undefined);
    }
    return { target, host, abi, ctx, early: ctx === undefined ? undefined : started, key };
  });
  const staticByProfile = new Map<string, readonly Finding[]>();
  const shared = new Map<string, Promise<RuntimeOutcome>>();
  try {
    for (const { target, host, abi, ctx, early: started, key } of runs) {
      const staticFindings =
        staticByProfile.get(host.id) ?? applyPolicy(runChecks({ file: input.file, bytes: input.bytes, inspection, compiled, host, abi, buildrc }), options.policy);
      staticByProfile.set(host.id, staticFindings);
      let findings = staticFindings;
      let scenarios: readonly ScenarioResult[] = [];
      // Tables in one behaviour group link alike, so a module none of them loads stops their run.
      if (ctx !== undefined && !loadable(staticFindings) && started !== undefined) {
        started.abort.abort();
        await started.run.catch(() => undefined);
      }
      if (ctx !== undefined && loadable(staticFindings)) {
        const run = started?.run ?? shared.get(key) ?? (options.runtime ?? defaultRuntime)({ ...ctx, staticFindings });
        shared.set(key, run);
        const outcome = await run;
        findings = [...staticFindings, ...applyPolicy(outcome.findings, options.policy)];
        scenarios = outcome.scenarios.map((s) => ({ ...s, findings: sortFindings(applyPolicy(s.findings, options.policy)) }));
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
      }, sha));
    }
  } finally {
    // A host that threw (bad input) ends the verification: stop the runs still going.
    for (const r of early.values()) r.abort.abort();
  }
  const spec = parseHostSpec(options.host ?? 'auto');
  const versions = spec.kind === 'targets' && spec.versions ? minimumVersions(input.file, targets, results) : [];
  return { results, info: inspection.info, versions };
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
  // Start the traffic worker now, so its start-up overlaps with reading and the static checks.
  // Loaded only then: --static needs no node:worker_threads.
  const pool = options.static || options.runtime !== undefined || options.workers !== undefined ? undefined : (await import('./run/pool.js')).createWorkerPool();
  const opts: VerifyOptions = pool === undefined ? options : { ...options, workers: pool };
  const results: PluginResult[] = [];
  const versions: FamilyMinimum[] = [];
  const modules: Record<string, ModuleInfo | null> = {};
  try {
    const files = inputs.map((i) => (typeof i === 'string' ? readInput(i) : i));
    for (const f of files) {
      const { results: r, info, versions: v } = await verifyOne(f, opts);
      results.push(...r);
      versions.push(...v);
      modules[f.file] = info;
    }
  } finally {
    await pool?.close();
  }
  const spec = parseHostSpec(opts.host ?? 'auto');
  const summary = spec.kind === 'targets' && spec.versions ? { versions } : {};
  return { report: { schemaVersion: 1, tool: { name: 'wasm-verify', version: VERSION }, results, ...summary }, modules };
}
