/**
 * The supervisor: runs a plugin job in a worker thread, watches its progress, and terminates it
 * when one plugin callback runs longer than the deadline (a CPU hang, WV3008). The remaining
 * scenarios then run in a fresh worker on a fresh VM; wasm-verify itself never blocks.
 */
import type { Worker } from 'node:worker_threads';
import { finding } from '../findings.js';
import type { Finding, LifecycleLogs, ScenarioResult, TraceEvent } from '../report.js';
import type { RunJob, WorkerMessage } from './job.js';
import { createProgressBuffer, ProgressReader, type StepInfo } from './progress.js';
import { exitCodeOf, spawnWorker, WORKER_HEAP_MB, type WorkerPool } from './pool.js';
import { processDataBytes } from './process-memory.js';
import { BOOT_STEP, nearMemoryCap, type Plugin } from './vm.js';
import type { WebAssembly } from 'proxy-wasm-host-mock/webassembly';

/** What the worker entry receives (structured clone; the compiled module is shared, not copied). */
export interface WorkerInput {
  readonly job: RunJob;
  readonly module: WebAssembly.Module;
  readonly bytes: Uint8Array;
  /** Plain data, cloned: cheaper than walking the bytes again in the worker. */
  readonly walked: Plugin['walked'];
  readonly progress: SharedArrayBuffer;
  readonly maxMemoryBytes: number;
}

export interface SuperviseOptions {
  /** Wall-clock ms one plugin callback may run (the CPU-hang deadline). */
  readonly timeoutMs: number;
  /** The host profile's memory cap (wasm_max_mem_pages). */
  readonly maxMemoryBytes: number;
  /** Started workers (e.g. created before the static phase); default: start one per run. */
  readonly pool?: WorkerPool;
  /** Stops the run (the static checks found the module unloadable): no further results. */
  readonly signal?: AbortSignal;
  /** Wall-clock ms the whole plugin run may take, fresh workers included (--run-timeout); default none. */
  readonly runTimeoutMs?: number;
}

export interface SupervisedRun {
  readonly bootOk: boolean;
  readonly bootFindings: readonly Finding[];
  /** Per scenario of the job, in order; undefined when it could not run. */
  readonly scenarios: ReadonlyArray<ScenarioResult | undefined>;
  /** Findings not tied to one scenario (shutdown, memory growth, a hang during boot). */
  readonly findings: readonly Finding[];
  /** With keepLogs: what the plugin logged at start, configure and shutdown. */
  readonly logs?: LifecycleLogs;
}

/** A bug in wasm-verify or the host shim (exit 3), not a plugin problem. */
export class InternalError extends Error {
  constructor(message: string, readonly detail: string) {
    super(message);
    this.name = 'InternalError';
  }
}

const TRACE_LINES = 40;
/** Memory growth within one deadline that counts as progress (see growingMemory). */
const GROWTH_PROGRESS_BYTES = 64 * 1024 * 1024;

export async function supervise(job: RunJob, plugin: Plugin, opts: SuperviseOptions): Promise<SupervisedRun> {
  const scenarios: Array<ScenarioResult | undefined> = job.scenarios.map(() => undefined);
  const findings: Finding[] = [];
  let bootOk = false;
  let bootFindings: Finding[] = [];
  let logs: LifecycleLogs | undefined;
  let start = job.startIndex;
  // Callbacks that already ran past the deadline, and the scenario where they did first.
  const hung = new Map<string, string>();
  const runDeadline = opts.runTimeoutMs === undefined ? Infinity : performance.now() + opts.runTimeoutMs;
  for (let attempt = 0; start < job.scenarios.length || attempt === 0; attempt++) {
    const run = await runWorker({ ...job, startIndex: start, reportBoot: attempt === 0 }, plugin, opts, hung, runDeadline);
    for (const m of run.messages) {
      if (m.type === 'boot' && attempt === 0) {
        bootOk = m.ok;
        bootFindings = [...m.findings];
        if (m.logs !== undefined) logs = { ...m.logs };
      } else if (m.type === 'scenario') scenarios[m.index] = m.result;
      else if (m.type === 'findings') {
        findings.push(...m.findings);
        if (m.shutdownLogs !== undefined) logs = { ...logs, shutdown: m.shutdownLogs };
      }
      else if (m.type === 'internal-error') throw new InternalError(m.message, m.stack);
    }
    if (run.end.kind === 'done' || opts.signal?.aborted === true) break;
    // Only running out of the worker's heap is the plugin's doing; any other death is our bug.
    if (run.end.kind === 'crash' && !run.end.outOfMemory && !run.end.runTimeout) throw new InternalError(`the plugin worker died: ${run.end.detail}`, run.end.trace.map((e) => `[${e.dir}] ${e.text}`).join('\n'));
    const at = run.end.step;
    const stopped = stoppedResult(run.end, job, opts);
    if (run.end.kind === 'cpu-hang' && !hung.has(at.callback)) hung.set(at.callback, stopped.name);
    if (at.scenarioIndex < 0 || scenarios[at.scenarioIndex] !== undefined || (run.end.kind === 'crash' && run.end.runTimeout)) {
      // The run's wall time is spent: the scenario it ran out in gets the finding, nothing further runs.
      if (at.scenarioIndex >= 0 && scenarios[at.scenarioIndex] === undefined) {
        scenarios[at.scenarioIndex] = stopped;
        break;
      }
      // Boot, shutdown or the memory-growth repeats: nothing further can run on this plugin.
      (attempt === 0 && !run.messages.some((m) => m.type === 'boot') ? bootFindings : findings).push(...stopped.findings);
      break;
    }
    scenarios[at.scenarioIndex] = stopped;
    start = at.scenarioIndex + 1;
  }
  return { bootOk, bootFindings, scenarios, findings, ...(logs === undefined ? {} : { logs }) };
}

type WorkerEnd =
  | { readonly kind: 'done' }
  | {
      readonly kind: 'cpu-hang';
      readonly step: StepInfo;
      readonly trace: TraceEvent[];
      readonly ms: number;
      readonly memoryBytes: number;
      /** The deadline that ran out, and the scenario where this callback hung first when it was shortened. */
      readonly deadlineMs: number;
      readonly hungIn: string;
    }
  | {
      readonly kind: 'crash';
      readonly step: StepInfo;
      readonly trace: TraceEvent[];
      readonly detail: string;
      readonly outOfMemory: boolean;
      /** The whole run's wall time (--run-timeout) ran out. */
      readonly runTimeout: boolean;
      readonly ms: number;
      readonly memoryBytes: number;
    };

interface WorkerRun {
  readonly messages: readonly WorkerMessage[];
  readonly end: WorkerEnd;
}

/**
 * The deadline of a callback that already hung in an earlier scenario: the fault is known, so a
 * fresh VM reaching it again costs a fraction of --timeout, and the finding says so.
 */
export function shortDeadline(timeoutMs: number): number {
  return Math.min(timeoutMs, Math.max(250, Math.round(timeoutMs / 6)));
}

function runWorker(job: RunJob, plugin: Plugin, opts: SuperviseOptions, hung: ReadonlyMap<string, string>, runDeadline: number): Promise<WorkerRun> {
  const progress = createProgressBuffer();
  const reader = new ProgressReader(progress);
  const input: WorkerInput = { job, module: plugin.module, bytes: plugin.bytes, walked: plugin.walked, progress, maxMemoryBytes: opts.maxMemoryBytes };
  const worker: Worker = opts.pool?.take() ?? spawnWorker();
  worker.ref();
  worker.postMessage(input);
  const messages: WorkerMessage[] = [];
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let beats = -1;
    let changed = performance.now();
    const onMessage = (m: WorkerMessage): void => {
      messages.push(m);
      if (m.type === 'done' || m.type === 'internal-error') finish({ kind: 'done' });
    };
    const onError = (e: Error & { code?: string }): void => finish(stuck('crash', crashDetail(e, WORKER_HEAP_MB), e.code === 'ERR_WORKER_OUT_OF_MEMORY'));
    const onExit = (code: number): void => finish(stuck('crash', `the worker exited with code ${code}`));
    const finish = (end: WorkerEnd): void => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      // Detached: a worker stuck in wasm can take seconds to stop (V8 honours terminate() only
      // once a memory.grow loop ends); it must neither keep wasm-verify alive nor report more.
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      void worker.terminate();
      worker.unref();
      resolve({ messages, end });
    };
    const stuck = (kind: 'cpu-hang' | 'crash', detail: string, outOfMemory = false, deadlineMs = opts.timeoutMs, runTimeout = false): WorkerEnd => {
      const step = reader.current();
      const trace = reader.traceTail(TRACE_LINES).map(parseTraceLine);
      const ms = Math.round(performance.now() - started);
      const memoryBytes = reader.memoryBytes();
      const hungIn = deadlineMs < opts.timeoutMs ? (hung.get(step.callback) ?? '') : '';
      return kind === 'cpu-hang' ? { kind, step, trace, ms, memoryBytes, deadlineMs, hungIn } : { kind, step, trace, detail, outOfMemory, runTimeout, ms, memoryBytes };
    };
    const short = shortDeadline(opts.timeoutMs);
    // Growth of the process's memory since the current step or callback began: the sum of the
    // rises between samples, so memory another worker frees meanwhile does not hide it.
    let lastData: number | undefined;
    let grown = 0;
    let grownAtExtension = 0;
    let extensions = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      if (now > runDeadline) {
        const total = opts.runTimeoutMs ?? 0;
        finish(stuck('crash', `the plugin run took longer than its ${total} ms of wall time (--run-timeout), still in ${reader.current().step}`, false, opts.timeoutMs, true));
        return;
      }
      const b = reader.beats();
      const data = reader.busy() ? processDataBytes() : undefined;
      if (data !== undefined && lastData !== undefined && data > lastData) grown += data - lastData;
      lastData = data;
      if (b !== beats) {
        beats = b;
        changed = now;
        grown = grownAtExtension = extensions = 0;
        return;
      }
      // A plugin callback (busy) past the deadline; or the driver itself silent for far longer.
      // Beats come only from driver steps and top-level callbacks (src/run/vm.ts), never from
      // calls the host makes into the plugin from inside a hostcall.
      const busy = reader.busy();
      const deadline = busy && hung.size > 0 && now - changed > short && hung.has(reader.current().callback) ? short : opts.timeoutMs;
      const busyTooLong = busy && now - changed > deadline;
      if (!busyTooLong && now - changed <= Math.max(30_000, opts.timeoutMs * 4)) return;
      if (busyTooLong && growingMemory()) {
        changed = now;
        return;
      }
      finish(stuck('cpu-hang', '', false, busyTooLong ? deadline : opts.timeoutMs));
    }, Math.max(10, Math.min(100, Math.floor(opts.timeoutMs / 5))));
    /**
     * A callback that grew memory by another 64 MiB within the deadline is making progress: a
     * loop of memory.grow takes seconds on V8 (the gateway's too) and ends at the cap, where the
     * gateway fails memory.grow. The measure is process-wide (other hosts' workers grow too), so
     * it is bounded by count: as many deadlines as 64 MiB steps fit under the cap.
     */
    const growingMemory = (): boolean => {
      if (grown - grownAtExtension < GROWTH_PROGRESS_BYTES || extensions >= Math.ceil(opts.maxMemoryBytes / GROWTH_PROGRESS_BYTES)) return false;
      grownAtExtension = grown;
      extensions++;
      return true;
    };
    if (opts.signal?.aborted === true) finish({ kind: 'done' });
    opts.signal?.addEventListener('abort', () => finish({ kind: 'done' }), { once: true });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    // A pool's worker may have died before these listeners existed: its 'exit' is not repeated.
    const early = exitCodeOf(worker);
    if (early !== undefined) onExit(early);
  });
}

function crashDetail(e: Error & { code?: string }, heapMb: number): string {
  if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') return `its JavaScript heap limit (${heapMb} MB) was reached`;
  return `${e.name}: ${e.message}`;
}

function parseTraceLine(line: string): TraceEvent {
  const m = /^\[(host->vm|host<-vm|vm->host|vm<-host)\] (.*)$/.exec(line);
  return m?.[1] !== undefined ? { dir: m[1] as TraceEvent['dir'], text: m[2] ?? '' } : { dir: 'host->vm', text: line };
}

/** The result of the scenario the worker was stopped in. */
function stoppedResult(end: Exclude<WorkerEnd, { kind: 'done' }>, job: RunJob, opts: SuperviseOptions): ScenarioResult {
  const { step, trace } = end;
  const scenario = step.scenarioIndex >= 0 ? (job.scenarios[step.scenarioIndex]?.name ?? step.scenario) : step.scenario === '' ? 'start-up' : step.scenario;
  const callback = step.callback === '' ? 'the plugin' : step.callback;
  const where = { scenario, callback };
  const phase = step.scenarioIndex >= 0 || step.step !== BOOT_STEP ? 'traffic' : callback === 'proxy_on_configure' ? 'configure' : 'start';
  // Only a scenario's result carries a trace that --trace prints.
  const inScenario = step.scenarioIndex >= 0;
  const f =
    end.kind === 'cpu-hang'
      ? finding('WV3008', { callback, scenario, step: step.step, timeoutMs: end.deadlineMs, fullTimeoutMs: opts.timeoutMs, hungIn: end.hungIn, inScenario }, phase, where, trace)
      : finding('WV3013', { scenario, callback, detail: end.detail, inScenario }, phase, where, trace);
  // A VM stopped at the memory cap: the real host fails memory.grow there too; that is the cause
  // to fix, whatever the plugin then did (retry, spin, allocate on the JS side).
  const memory = nearMemoryCap(end.memoryBytes, opts.maxMemoryBytes)
    ? [finding('WV3009', { bytes: end.memoryBytes, limit: opts.maxMemoryBytes, callback }, phase, where)]
    : [];
  return {
    name: scenario,
    outcome: end.kind === 'cpu-hang' ? 'cpu-hang' : 'error',
    findings: [...memory, f],
    durationMs: end.ms,
    ...(job.keepTrace ? { trace } : {}),
  };
}
