/**
 * The report: what verification found, as data. Formatters render it; nothing here prints.
 * The JSON formatter emits exactly these shapes (schemaVersion 1).
 */
import type { AbiVersion, HostId } from 'proxy-wasm-host-mock';
import type { Family } from 'proxy-wasm-host-mock/profiles';
import type { RuleId, Severity } from './rules/catalog.js';

export type { Severity };

/** Where in verification a finding was made. */
export type Phase = 'load' | 'static' | 'link' | 'start' | 'configure' | 'traffic';

/** Where in the module or the run a finding points. */
export interface Where {
  /** Import or export, as `module.name` or the export name. */
  readonly symbol?: string;
  /** Scenario name and step, e.g. `openai-chat` / `proxy_on_request_headers`. */
  readonly scenario?: string;
  readonly callback?: string;
  /** A file other than the plugin (e.g. `.buildrc`). */
  readonly file?: string;
}

/** One trace event between host and VM (printed in cpp-host arrow format under --trace). */
export interface TraceEvent {
  readonly dir: 'host->vm' | 'host<-vm' | 'vm->host' | 'vm<-host';
  readonly text: string;
}

export interface Finding {
  readonly ruleId: RuleId;
  readonly slug: string;
  /** Effective severity, after the policy's overrides. */
  readonly severity: Severity;
  /** The rule's own severity, present when a severity override changed it. */
  readonly originalSeverity?: Severity;
  /** Present (true) when the policy ignores the rule: kept in the record, not shown or counted. */
  readonly ignored?: true;
  /** One sentence with the actual values; quotes the gateway's own log text where one exists. */
  readonly message: string;
  /** One actionable sentence: the exact rebuild command or flag. */
  readonly hint?: string;
  readonly phase: Phase;
  readonly where: Where;
  /** The values the message was made from, for machines. */
  readonly args: Readonly<Record<string, string | number | boolean>>;
  /** Last trace events before a trap or hang. */
  readonly trace?: readonly TraceEvent[];
}

/** One line the plugin logged (proxy_log) or wrote (fd_write to stdout/stderr), as shown by --logs. */
export interface PluginLogLine {
  readonly level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'critical';
  /** The plugin callback that was running (the outermost one). */
  readonly callback: string;
  readonly source: 'proxy_log' | 'stdout' | 'stderr';
  /** Control characters and bidi overrides escaped (`\x1b`, `\n`): safe for any terminal. */
  readonly text: string;
}

/** What the plugin logged during one scenario or lifecycle phase, capped. */
export interface PluginLogs {
  readonly lines: readonly PluginLogLine[];
  /** Lines left out by the cap (the oldest ones). */
  readonly dropped: number;
}

export type Outcome = 'forwarded' | 'local-response' | 'hang' | 'stall' | 'cpu-hang' | 'trap' | 'error';

export interface HttpMessage {
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
  readonly trailers?: ReadonlyArray<readonly [string, string]>;
}

/** `--soak N`: the repeats of one scenario on the same VM and the guest memory over them. */
export interface SoakStats {
  /** Requests after the scenario's first run (fewer than asked when one failed: WV3023). */
  readonly requests: number;
  /** Leading requests not counted in the slope (the heap settling). */
  readonly warmup: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  /** Guest memory when warm-up ended and after the last request, bytes. */
  readonly memoryBefore: number;
  readonly memoryAfter: number;
  /** Growth after warm-up (least-squares slope), bytes per request. */
  readonly bytesPerRequest: number;
  /** Windows (of 4 after warm-up) in which memory grew: 3 or 4 is sustained growth (WV4005). */
  readonly windowsGrown: number;
  /** Requests until the profile's memory cap at that slope; null when memory does not grow. */
  readonly projectedRequestsToCap: number | null;
}

export interface ScenarioResult {
  readonly name: string;
  readonly outcome: Outcome;
  readonly findings: readonly Finding[];
  readonly durationMs: number;
  /** What reached the upstream after the plugin's changes (absent when nothing did). */
  readonly upstream?: HttpMessage;
  /** What reached the client (status in `:status`). */
  readonly client?: HttpMessage;
  readonly trace?: readonly TraceEvent[];
  /** With `--soak N`: the repeats on one VM (absent when the scenario did not pass). */
  readonly soak?: SoakStats;
  /** With --logs: what the plugin logged while this scenario ran. */
  readonly logs?: PluginLogs;
  /** The dependency fault this run of the scenario was made under (--faults or a scenario's `fault`). */
  readonly fault?: string;
}

export type Verdict = 'pass' | 'fail';

export interface PluginResult {
  readonly file: string;
  readonly sha256: string;
  readonly size: number;
  /** The host as asked for: a release (`envoy@1.32`, `higress@2.0.4`) or a host table (`envoy-main`). */
  readonly host: string;
  /** The host table it runs (host-shim profiles; `wasm-verify hosts` lists them). */
  readonly profile: HostId;
  /** ABI the host would select (first marker in export order), or null. */
  readonly abi: AbiVersion | null;
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
  readonly scenarios: readonly ScenarioResult[];
  /** With --logs: what the plugin logged outside the scenarios, by lifecycle phase. */
  readonly logs?: LifecycleLogs;
  /**
   * Measured wall time, ms: of the static phase for this host (reading the module once, shared by
   * its hosts, plus this host's checks), and from the start of the file's verification until this
   * host's result was complete. Always set by verify(); absent in hand-built reports.
   */
  readonly staticDurationMs?: number;
  readonly durationMs?: number;
  /**
   * The settings file and entry that applied (`.wasm-verify.yaml (plugins[1]: extensions/*.wasm)`);
   * set by the CLI, absent when no settings file applied and from verify().
   */
  readonly settings?: string;
}

/** Plugin logs of the lifecycle around the scenarios. */
export interface LifecycleLogs {
  /** _initialize/main, proxy_on_context_create and proxy_on_vm_start of the root context. */
  readonly start?: PluginLogs;
  readonly configure?: PluginLogs;
  /** Plugin removal after the scenarios (proxy_on_done, proxy_on_delete). */
  readonly shutdown?: PluginLogs;
}

export interface Report {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'wasm-verify'; readonly version: string };
  readonly results: readonly PluginResult[];
  /** With `--host all`, `versions` or a range: per file and gateway family, the minimum version. */
  readonly versions?: readonly FamilyMinimum[];
}

/** The minimum version per gateway family (src/hosts/versions.ts computes it). */
/** Older releases that fail for one reason. */
export interface OlderFailure {
  /** Oldest and newest release of the group (`1.26`, `1.32.0`). */
  readonly from: string;
  readonly to: string;
  /** `missing import wasi_snapshot_preview1.sched_yield` */
  readonly reason: string;
  readonly ruleId: string;
}

export interface FamilyMinimum {
  readonly file: string;
  readonly family: Family;
  /** Oldest release from which every verified one passes (`1.32.13`); null when the newest fails. */
  readonly minimum: string | null;
  /** Its host label (`envoy@1.32.13`). */
  readonly minimumHost: string | null;
  /** Releases verified, oldest and newest (`1.26`, `1.38`). */
  readonly checked: { readonly from: string; readonly to: string };
  /** Why the releases before `minimum` (all of them when it is null) fail, oldest first. */
  readonly older: readonly OlderFailure[];
}
