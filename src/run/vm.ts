/**
 * One plugin VM as a gateway worker holds it: the emulated host, its virtual event loop, the
 * observer that turns host notes into findings, and the step runner that tells the supervisor
 * where the worker is before any plugin code runs.
 */
import { createHost, type BootResult, type Host, type HostBudget, type SharedStore, type StepResult, type TraceEvent, type TraceRecord, type WalkedModule } from 'proxy-wasm-host-mock';
import type { RunJob } from './job.js';
import { Observer } from './observe.js';
import { Scheduler } from './scheduler.js';
import { WebAssembly } from 'proxy-wasm-host-mock/webassembly';

/** Where the driver reports progress (a SharedArrayBuffer in the worker; nothing in-process). */
export interface ProgressSink {
  enter(info: { scenarioIndex: number; scenario: string; step: string; callback?: string }): void;
  callback(name: string): void;
  idle(): void;
  /** One trace line, `[dir] text`. */
  trace(line: string): void;
  /** The same from the event's parts, when the sink can write it without the text (the worker's ring). */
  record?(event: TraceRecord): void;
  /** The VM's linear memory now (read by the supervisor when a deadline hits). */
  memory(bytes: number): void;
}

/** The plugin: compiled once, shared by every VM of a run; the bytes give names and signatures. */
export interface Plugin {
  readonly module: WebAssembly.Module;
  readonly bytes: Uint8Array;
  /** The section walk of `bytes` (the static phase's), so no VM parses the bytes again. */
  readonly walked: WalkedModule;
}

/** Progress label of the lifecycle before traffic (start functions, vm_start, configure). */
export const BOOT_STEP = 'start and configure';

export const NO_PROGRESS: ProgressSink = { enter() {}, callback() {}, idle() {}, trace() {}, memory() {} };

/** The name of the function an event is about (a call's callee; up to `(` of other text). */
function calleeOf(e: TraceRecord): string {
  if (e.kind !== 'text') return e.callee;
  const paren = e.text.indexOf('(');
  return paren < 0 ? e.text : e.text.slice(0, paren);
}

/** Within one 64 MiB step of the cap: memory.grow has been refused there, or soon will be. */
export function nearMemoryCap(bytes: number, limit: number): boolean {
  return bytes >= limit - Math.min(64 * 1024 * 1024, limit / 16);
}

/**
 * What the driver learns across the VMs of one run (a trap replaces the VM, not the record):
 * for the inert-plugin notice, the assumed clusters and which scenarios' fault runs to make.
 */
export interface RunRecord {
  /** Some scenario's stream was stopped, changed or answered by the plugin. */
  active: boolean;
  /** Scenarios (by name) during which the plugin made a callout. */
  readonly calledOut: Set<string>;
  /** `kind:cluster` of callouts answered by a scenario mock, and by the default answer. */
  readonly mockedClusters: Set<string>;
  readonly unmockedClusters: Set<string>;
}

export function newRunRecord(): RunRecord {
  return { active: false, calledOut: new Set(), mockedClusters: new Set(), unmockedClusters: new Set() };
}

export class VmRun {
  readonly host: Host;
  readonly scheduler: Scheduler;
  readonly observer: Observer;
  /** Names the module exports (which callbacks exist). */
  readonly exports: ReadonlySet<string>;
  /** Scenario being driven, for progress reports; `traceFrom`: the traceCount when it began. */
  current = { index: -1, name: '', traceFrom: 0 };
  /** Last top-level plugin callback entered (from the trace). */
  private lastCallback = '';
  /** Plugin callbacks running now: >0 inside a callback, >1 for one the host calls re-entrantly (malloc). */
  private depth = 0;
  /** Trace events recorded so far (the host's trace keeps only the newest). */
  traceCount = 0;
  /** First time memory came near the profile's cap: bytes and the callback that grew it. */
  memoryPeak: { bytes: number; callback: string } | undefined;

  constructor(
    readonly job: RunJob,
    private readonly progress: ProgressSink,
    plugin: Plugin,
    sharedStore: SharedStore | undefined,
    readonly record: RunRecord = newRunRecord(),
    budget?: HostBudget,
  ) {
    const writeRecord = progress.record?.bind(progress);
    this.host = createHost(job.host, {
      module: plugin.module,
      moduleBytes: plugin.bytes,
      walkedModule: plugin.walked,
      pluginConfiguration: job.pluginConfiguration,
      vmConfiguration: job.vmConfiguration,
      rootId: job.rootId,
      vmId: job.vmId,
      pluginName: job.pluginName,
      failOpen: job.failOpen,
      ...(job.clusters.length === 0 ? {} : { clusters: job.clusters }),
      ...(sharedStore === undefined ? {} : { sharedStore }),
      ...(budget === undefined ? {} : { budget }),
      onTrace: (e) => {
        if (e.dir === 'host->vm') {
          // Only a callback the driver makes starts a new deadline: the allocator the host calls
          // from inside a hostcall is part of the callback that made the hostcall, so a plugin
          // looping on a hostcall that returns data cannot keep itself alive.
          if (this.depth === 0) {
            this.lastCallback = calleeOf(e);
            progress.callback(this.lastCallback);
          }
          this.depth++;
        } else if (e.dir === 'host<-vm') {
          this.depth = Math.max(0, this.depth - 1);
          // Per top-level callback, so the memory peak names the callback that grew it.
          if (this.depth === 0) this.checkMemory();
          else progress.memory(this.host.memoryBytes());
        } else {
          progress.memory(this.host.memoryBytes());
        }
        this.traceCount++;
        // Formatting every hostcall's line would cost more than the hostcall: the worker's ring
        // writes the event's parts as they are.
        if (writeRecord !== undefined) writeRecord(e);
        else progress.trace(`[${e.dir}] ${e.text}`);
      },
    });
    this.exports = new Set(WebAssembly.Module.exports(plugin.module).map((e) => e.name));
    this.observer = new Observer(this.host, job.toolchain);
    this.scheduler = new Scheduler(this.host, (label, callback, run) => this.step(label, callback, run), record);
  }

  /** The last top-level plugin callback entered ('' before any). */
  lastCallbackName(): string {
    return this.lastCallback;
  }

  /** Runs one driver step under the watchdog. */
  step<T>(label: string, callback: string, run: () => T): T {
    this.depth = 0;
    this.progress.enter({ scenarioIndex: this.current.index, scenario: this.current.name, step: label, callback });
    try {
      return run();
    } finally {
      this.progress.idle();
      this.checkMemory();
    }
  }

  /**
   * memory.grow fails at the cap (the worker runs V8 with wasm_max_mem_pages at the profile's
   * limit, as the gateway does), so memory never exceeds it; a module within one 64 MiB step of
   * it has been refused or soon will be.
   */
  private checkMemory(): void {
    const bytes = this.host.memoryBytes();
    this.progress.memory(bytes);
    if (this.memoryPeak === undefined && nearMemoryCap(bytes, this.host.profile.maxMemoryBytes)) {
      // Before any callback the memory was declared that large: the module's own memory section.
      this.memoryPeak = { bytes, callback: this.lastCallback === '' ? 'the declared initial memory (before any callback)' : this.lastCallback };
    }
  }

  /** The trace events recorded since `mark` (a traceCount), at most `max` of the newest. */
  traceSince(mark: number, max = Infinity): TraceEvent[] {
    const n = Math.min(max, this.traceCount - mark);
    return n <= 0 ? [] : this.host.traceTail(n);
  }

  boot(): BootResult {
    return this.step(BOOT_STEP, '_initialize', () => this.host.boot());
  }

  /** Plugin removal at the end of the run (proxy_on_done / proxy_on_delete on the root). */
  shutdown(): StepResult | undefined {
    if (this.host.failure !== undefined) return undefined;
    return this.step('shutdown', 'proxy_on_done', () => this.host.shutdown());
  }
}
