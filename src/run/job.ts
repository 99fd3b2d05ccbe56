/**
 * What the supervisor sends a plugin worker and what the worker sends back. Plain data only:
 * it crosses the thread boundary by structured clone.
 */
import type { HostId } from 'proxy-wasm-host-mock';
import type { ToolchainId } from '../inspect/types.js';
import type { Finding, LifecycleLogs, PluginLogs, ScenarioResult } from '../report.js';
import type { Scenario } from '../scenarios/types.js';

/** Everything one plugin run needs besides the compiled module (the same in-process and in the worker). */
export interface RunJob {
  readonly host: HostId;
  readonly scenarios: readonly Scenario[];
  /** Run scenarios from this index on (a fresh VM after a CPU hang); earlier ones are skipped. */
  readonly startIndex: number;
  /** Plugin configuration bytes as text (JSON). */
  readonly pluginConfiguration: string;
  readonly vmConfiguration: string;
  readonly rootId: string;
  readonly vmId: string;
  readonly pluginName: string;
  readonly failOpen: boolean;
  /** Virtual ms a stopped stream with pending work may wait before it is a stall (WV3007). */
  readonly stallDeadlineMs: number;
  /** Keep the host<->vm trace in each ScenarioResult. */
  readonly keepTrace: boolean;
  /** Repeat the first forwarded scenario this many times to look for memory growth (WV4005); 0: off. */
  readonly growthRequests: number;
  /** `--soak N`: repeat every passing scenario N times on the VM, sampling memory; 0: off. */
  readonly soakRequests: number;
  /**
   * The rebuild command the plugin's .buildrc implies when it asks for the 0.2.100 tag
   * (`PLUGIN_NAME=x EXTRA_TAGS=… make build`), for the hang hint; '' when there is none.
   */
  readonly rebuildCommand: string;
  /** The plugin has a .buildrc (a Higress wasm-go build), whatever it asks for. */
  readonly hasBuildRc: boolean;
  /** What built the module (src/inspect fingerprint): hints name that SDK's calls. */
  readonly toolchain: ToolchainId;
  /** Report boot findings (false on a rerun: the first VM already reported them). */
  readonly reportBoot: boolean;
  /** --logs: keep what the plugin logged, per scenario and lifecycle phase. */
  readonly keepLogs: boolean;
  /** --cluster: the upstream clusters that exist; empty: every name exists (each one assumed). */
  readonly clusters: readonly string[];
  /** Whole-run budgets of the emulated host (src/run/budget.ts has the defaults). */
  readonly limits?: RunLimits;
}

/** What one plugin run may make the host do and keep (HostLimits of proxy-wasm-host-mock). */
export interface RunLimits {
  /** Plugin callbacks per scenario (and during start-up); the whole run gets ten times as many. */
  readonly maxEvents: number;
  /** Bytes the host keeps on the plugin's behalf, for the whole run. */
  readonly maxHostBytes: number;
  /** Wall-clock ms one scenario (or start-up) may take, checked as callbacks are dispatched. */
  readonly scenarioWallMs: number;
}

export type WorkerMessage =
  | { readonly type: 'boot'; readonly ok: boolean; readonly findings: readonly Finding[]; readonly logs?: LifecycleLogs }
  | { readonly type: 'scenario'; readonly index: number; readonly result: ScenarioResult }
  | { readonly type: 'findings'; readonly findings: readonly Finding[]; readonly shutdownLogs?: PluginLogs }
  | { readonly type: 'done' }
  | { readonly type: 'internal-error'; readonly message: string; readonly stack: string };
