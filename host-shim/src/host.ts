/**
 * createHost(profile, options): one emulated gateway worker VM for one plugin. Owns all its state;
 * runs plugin code only from the send* / respond* / lifecycle methods, synchronously.
 */
import { toBytes, utf8 } from './bytes.js';
import { prng, resolveOptions } from './options.js';
import { deliverGrpc, deliverHttpResponse, deliverRedis } from './callouts.js';
import { newRootCtx, resetVm, type HostCore } from './core.js';
import { buildImports } from './imports.js';
import { link, rootConfigure, rootStart, startVm, type Loaded } from './lifecycle.js';
import { loadModule } from './load.js';
import { LogStore } from './logs.js';
import { asBudgetImpl, boundedNotes } from './budget.js';
import { getProfile, type HostName, type HostProfile } from './profiles/index.js';
import { step } from './step.js';
import { Trace, formatTrace } from './trace.js';
import { Vm } from './vm.js';
import { HttpStreamImpl } from './stream/http-stream.js';
import { proxyFunctions } from './abi/index.js';
import { releaseStream } from './abi/common.js';
import { wasiFunctions } from './abi/wasi.js';
import { newCallouts } from './abi/http-calls.js';
import { metricList, newMetrics } from './abi/metrics.js';
import { asStoreImpl, sharedDataOf } from './abi/shared-data.js';
import { enqueue, queueKey } from './abi/shared-queue.js';
import { fireDueTicks, timerList } from './abi/timers.js';
import type { LogLevelName } from './symbols.js';
import type {
  BodyInput, BootResult, GrpcResponse, Host, HostOptions, HttpCallResponse, HttpStream, LifecycleResult, LifecycleStage, Pending, StepResult, StreamOptions, TraceEvent,
} from './types.js';

const ROOT_ID = 1;

class HostImpl implements Host {
  readonly core: HostCore;
  readonly rootContextId = ROOT_ID;
  private readonly results = new Map<LifecycleStage, LifecycleResult>();
  private loaded: Loaded | undefined;
  private lastRecoverMs: number | undefined;

  constructor(readonly profile: HostProfile, private readonly options: HostOptions) {
    const core = {
      profile,
      abi: undefined,
      opts: resolveOptions(options, profile),
      info: undefined,
      trace: new Trace(options.traceLimit ?? 20_000, options.onTrace),
      logs: undefined,
      notes: undefined,
      clock: { nowMs: 0 },
      random: prng(options.randomSeed ?? 1),
      mem: undefined,
      contexts: new Map(),
      nextContextId: ROOT_ID + 1,
      currentContextId: 0,
      effectiveContextId: 0,
      deferred: [],
      posted: [],
      stopNextIteration: false,
      internalError: undefined,
      traceNote: undefined,
      store: asStoreImpl(options.sharedStore),
      callouts: newCallouts(),
      timers: new Map(),
      metrics: newMetrics(),
      localResponses: [],
      overrideHosts: new Map(),
      budget: asBudgetImpl(options.budget, options.limits),
      streamCharges: new Map(),
    } as unknown as HostCore;
    const budget = core.budget;
    Object.assign(core, {
      logs: new LogStore(options.logLimit ?? 2_000, (d) => (d > 0 ? budget.charge('logs', d, core.vm?.outerCallback() ?? '(host)') : budget.release('logs', -d))),
      notes: boundedNotes((n) => budget.charge('host notes', n, core.vm?.outerCallback() ?? '(host)')),
    });
    core.vm = new Vm(core);
    this.core = core;
    this.load();
  }

  get abi() {
    return this.core.abi;
  }

  /** Reads the bytes and the ABI marker; compiles (WasmBase::load). */
  private load(): void {
    const r = loadModule(this.options, this.profile.abiVersions);
    this.core.info = r.info;
    this.core.abi = r.abi;
    if ('failure' in r) this.results.set('load', r.failure);
    else this.loaded = r.loaded;
  }

  private fail(stage: LifecycleStage, message: string, failState: LifecycleResult['failState']): void {
    this.results.set(stage, failState === undefined ? { stage, ok: false, message } : { stage, ok: false, message, failState });
  }

  /** Runs `stage` after the earlier ones; a stage runs at most once. */
  private run(stage: LifecycleStage): LifecycleResult {
    const order: LifecycleStage[] = ['load', 'link', 'start', 'vm_start', 'configure'];
    for (const s of order) {
      let r = this.results.get(s);
      if (r === undefined) {
        r = this.runOne(s);
        this.results.set(s, r);
      }
      if (!r.ok || s === stage) return r;
    }
    throw new Error('internal: unknown stage');
  }

  private runOne(s: LifecycleStage): LifecycleResult {
    const core = this.core;
    if (s === 'load') return { stage: 'load', ok: true };
    let out: LifecycleResult = { stage: s, ok: true };
    step(core, () => {
      if (s === 'link') out = link(core, this.loaded as Loaded, buildImports(core, proxyFunctions(core, (root, token) => this.queueReady(root, token), (id) => this.deleteRoot(id)), wasiFunctions(core)));
      else if (s === 'start') out = startVm(core);
      else if (s === 'vm_start') out = rootStart(core, ROOT_ID);
      else out = rootConfigure(core, ROOT_ID);
    });
    return out;
  }

  link(): LifecycleResult {
    return this.run('link');
  }
  start(): LifecycleResult {
    return this.run('start');
  }
  startVm(): LifecycleResult {
    return this.run('vm_start');
  }
  configure(): LifecycleResult {
    return this.run('configure');
  }

  boot(): BootResult {
    const last = this.run('configure');
    const stages = (['load', 'link', 'start', 'vm_start', 'configure'] as const).map((s) => this.results.get(s)).filter((r): r is LifecycleResult => r !== undefined);
    return { ok: last.ok, stages };
  }

  recover(): BootResult {
    const core = this.core;
    const interval = this.profile.recoverMinIntervalSeconds;
    if (core.vm.failure === undefined || interval === null) return { ok: false, stages: [] };
    if (this.lastRecoverMs !== undefined && core.clock.nowMs - this.lastRecoverMs < interval * 1000) return { ok: false, stages: [] };
    this.lastRecoverMs = core.clock.nowMs;
    resetVm(core);
    for (const s of ['link', 'start', 'vm_start', 'configure'] as const) this.results.delete(s);
    const r = this.boot();
    if (r.ok) step(core, () => void core.logs.add('info', utf8('wasm vm recover from crash success'), 'host', 0, '(host)'));
    return r;
  }

  shutdown(): StepResult {
    return step(this.core, () => {
      const root = this.core.contexts.get(ROOT_ID);
      if (root?.kind !== 'root' || root.deleted || this.core.vm.failure !== undefined) return;
      const out = this.core.vm.invokeCallback('proxy_on_done', [ROOT_ID], ROOT_ID);
      if (out.called && out.returned === 0) root.pendingDone = true;
      else this.deleteRoot(ROOT_ID);
    });
  }

  private deleteRoot(id: number): void {
    const root = this.core.contexts.get(id);
    if (root?.kind !== 'root' || root.deleted) return;
    root.deleted = true;
    this.core.timers.delete(id);
    if (this.core.vm.failure === undefined) this.core.vm.invokeCallback('proxy_on_delete', [id], id);
  }

  private queueReady(rootId: number, token: number): void {
    const root = this.core.contexts.get(rootId);
    if (root?.kind !== 'root' || root.deleted || this.core.vm.failure !== undefined) return;
    this.core.vm.invokeCallback('proxy_on_queue_ready', [rootId, token], rootId);
  }

  newHttpStream(options: StreamOptions = {}): HttpStream {
    if (this.results.get('link')?.ok !== true) throw new Error('newHttpStream: the module is not linked (call boot() first)');
    const core = this.core;
    const id = core.nextContextId++;
    const s = new HttpStreamImpl(core, id, ROOT_ID, options, (done) => {
      core.contexts.delete(done.contextId);
      core.overrideHosts.delete(done.contextId);
      releaseStream(core, done.contextId);
    });
    core.contexts.set(id, { kind: 'stream', id, rootId: ROOT_ID, access: s });
    return s;
  }

  now(): number {
    return this.core.clock.nowMs;
  }

  advanceTime(ms: number): StepResult {
    return step(this.core, () => fireDueTicks(this.core, ms));
  }

  respondHttpCall(token: number, response: HttpCallResponse): StepResult {
    return step(this.core, () => deliverHttpResponse(this.core, token, response));
  }
  failHttpCall(token: number): StepResult {
    return step(this.core, () => deliverHttpResponse(this.core, token, 'reset'));
  }
  respondGrpcCall(token: number, response: GrpcResponse): StepResult {
    return step(this.core, () => deliverGrpc(this.core, token, response));
  }
  respondRedisCall(token: number, resp: BodyInput, status = 0): StepResult {
    return step(this.core, () => deliverRedis(this.core, token, toBytes(resp), status));
  }
  enqueueSharedQueue(vmId: string, name: string, data: BodyInput): StepResult {
    const token = this.core.store.queueTokens.get(queueKey(vmId, name));
    if (token === undefined) throw new RangeError(`no shared queue ${vmId}/${name}`);
    return step(this.core, () => void enqueue(this.core.store, token, toBytes(data)));
  }

  pending(): Pending {
    const c = this.core;
    const roots = [...c.contexts.values()].filter((x) => x.kind === 'root' && x.pendingDone).map((x) => x.id);
    return {
      timers: timerList(c.timers),
      httpCalls: [...c.callouts.http.values()],
      grpcCalls: [...c.callouts.grpc.values()].map(({ localClosed: _l, ...g }) => ({ ...g, sent: [...g.sent] })),
      redisCalls: [...c.callouts.redis.values()],
      pendingDone: roots,
    };
  }

  get failure() {
    return this.core.vm.failure;
  }
  get notes() {
    const n = this.core.notes;
    const dropped = this.core.logs.dropped;
    return dropped > 0 ? [...n, { kind: 'log_dropped' as const, count: dropped }] : [...n];
  }
  get trace() {
    return this.core.trace.list();
  }
  traceTail(n: number): TraceEvent[] {
    return this.core.trace.last(n);
  }
  formatTrace(last?: number): string {
    return formatTrace(last === undefined ? this.core.trace.list() : this.core.trace.last(last));
  }
  getCurrentLogs(level?: LogLevelName) {
    return this.core.logs.list(level);
  }
  get logPosition(): number {
    return this.core.logs.position;
  }
  logsSince(position: number) {
    return this.core.logs.since(position);
  }
  getCurrentMetrics() {
    return metricList(this.core.metrics);
  }
  getCurrentSharedData() {
    return new Map(sharedDataOf(this.core));
  }
  getCurrentTickPeriodMs(rootContextId = ROOT_ID): number {
    return this.core.timers.get(rootContextId)?.periodMs ?? 0;
  }
  getCurrentHttpCalls() {
    return [...this.core.callouts.history.http];
  }
  getCurrentRedisCalls() {
    return [...this.core.callouts.history.redis];
  }
  getCurrentGrpcCalls() {
    return [...this.core.callouts.history.grpc];
  }
  getCurrentLocalResponses() {
    return [...this.core.localResponses];
  }
  getCurrentRedisClusters() {
    return [...this.core.callouts.redisClusters];
  }
  getCurrentUpstreamOverrideHost(contextId: number): string | undefined {
    return this.core.overrideHosts.get(contextId);
  }
  memoryBytes(): number {
    return this.core.mem?.byteLength ?? 0;
  }
  beginBudgetScope(label: string): void {
    this.core.budget.beginScope(label);
  }
}

/** Creates a host for `profile` (a HostProfile or its id). Never throws for plugin problems. */
export function createHost(profile: HostProfile | HostName, options: HostOptions): Host {
  const p = typeof profile === 'string' ? getProfile(profile) : profile;
  return new HostImpl(p, options);
}

export { newRootCtx };
