/**
 * createHost(profile, options): one emulated gateway worker VM for one plugin. Owns all its state;
 * runs plugin code only from the send* / respond* / lifecycle methods, synchronously.
 */
import { EMPTY, toBytes, utf8 } from './bytes.js';
import { deliverGrpc, deliverHttpResponse, deliverRedis } from './callouts.js';
import { newRootCtx, type HostCore, type ResolvedOptions } from './core.js';
import { buildImports } from './imports.js';
import { detectAbi, link, rootConfigure, rootStart, startVm, type Loaded } from './lifecycle.js';
import { LogStore } from './logs.js';
import { readModuleInfo } from './module-info.js';
import { getProfile, type HostId, type HostProfile } from './profiles/index.js';
import { step } from './step.js';
import { Trace, formatTrace } from './trace.js';
import { Vm } from './vm.js';
import { HttpStreamImpl } from './stream/http-stream.js';
import { proxyFunctions } from './abi/index.js';
import { wasiFunctions } from './abi/wasi.js';
import { newCallouts } from './abi/http-calls.js';
import { metricList, newMetrics } from './abi/metrics.js';
import { asStoreImpl, sharedDataOf } from './abi/shared-data.js';
import { enqueue, queueKey } from './abi/shared-queue.js';
import { timerList } from './abi/timers.js';
import type { LogLevelName } from './symbols.js';
import type {
  BodyInput, BootResult, GrpcResponse, Host, HostOptions, HttpCallResponse, HttpStream, LifecycleResult, LifecycleStage, Pending, StepResult, StreamOptions,
} from './types.js';

const ROOT_ID = 1;

function resolveOptions(o: HostOptions, profile: HostProfile): ResolvedOptions {
  const cfg = o.pluginConfiguration;
  const clusters = o.clusters;
  return {
    pluginConfiguration: cfg === undefined ? EMPTY : typeof cfg === 'string' || cfg instanceof Uint8Array ? toBytes(cfg) : utf8(JSON.stringify(cfg)),
    vmConfiguration: o.vmConfiguration === undefined ? EMPTY : toBytes(o.vmConfiguration),
    rootId: o.rootId ?? '',
    vmId: o.vmId ?? '',
    pluginName: o.pluginName ?? 'wasm-verify',
    environment: Object.entries(o.environment ?? {}),
    properties: o.properties ?? {},
    clusterExists: clusters === undefined ? () => true : typeof clusters === 'function' ? clusters : (n) => clusters.includes(n),
    failOpen: o.failOpen ?? false,
    logLevel: o.logLevel ?? 'info',
    startTimeMs: o.startTimeMs ?? 1_735_689_600_000,
    bodyBufferSemantics: o.bodyBufferSemantics ?? profile.bodyBufferSemantics,
    bufferLimitBytes: o.bufferLimitBytes ?? 1024 * 1024,
    upstreamHosts: o.upstreamHosts ?? [],
  };
}

/** Deterministic bytes (splitmix32), seeded per host, so runs are reproducible. */
function prng(seed: number): (n: number) => Uint8Array {
  let s = seed >>> 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      out[i] = (z ^ (z >>> 16)) & 0xff;
    }
    return out;
  };
}

class HostImpl implements Host {
  readonly core: HostCore;
  readonly rootContextId = ROOT_ID;
  private readonly results = new Map<LifecycleStage, LifecycleResult>();
  private loaded: Loaded | undefined;

  constructor(readonly profile: HostProfile, private readonly options: HostOptions) {
    const core = {
      profile,
      abi: undefined,
      opts: resolveOptions(options, profile),
      info: undefined,
      trace: new Trace(options.traceLimit ?? 20_000, options.onTrace),
      logs: new LogStore(options.logLimit ?? 2_000),
      notes: [],
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
      store: asStoreImpl(options.sharedStore),
      callouts: newCallouts(),
      timers: new Map(),
      metrics: newMetrics(),
      localResponses: [],
      overrideHosts: new Map(),
    } as unknown as HostCore;
    core.vm = new Vm(core);
    this.core = core;
    this.load();
  }

  get abi() {
    return this.core.abi;
  }

  /** Reads the bytes, the ABI marker; compiles. */
  private load(): void {
    const m = this.options.module;
    try {
      if (m instanceof Uint8Array) {
        const info = readModuleInfo(m);
        this.core.info = info;
        this.core.abi = detectAbi(info, this.profile.abiVersions);
        if (this.core.abi === undefined) return this.fail('load', 'Missing or unknown Proxy-Wasm ABI version', 'UnableToInitializeCode');
        try {
          this.loaded = { module: new WebAssembly.Module(m), info, exactSignatures: true };
        } catch (e) {
          this.fail('load', `Failed to load Wasm bytecode: ${e instanceof Error ? e.message : String(e)}`, 'UnableToInitializeCode');
        }
      } else if (this.options.moduleBytes !== undefined) {
        const info = readModuleInfo(this.options.moduleBytes);
        this.core.info = info;
        this.core.abi = detectAbi(info, this.profile.abiVersions);
        if (this.core.abi === undefined) return this.fail('load', 'Missing or unknown Proxy-Wasm ABI version', 'UnableToInitializeCode');
        this.loaded = { module: m, info, exactSignatures: true };
      } else {
        const info = {
          imports: WebAssembly.Module.imports(m).map((i) => ({ module: i.module, name: i.name, kind: i.kind })),
          exports: WebAssembly.Module.exports(m).map((e, index) => ({ name: e.name, kind: e.kind, index })),
          functionNames: new Map<number, string>(),
        };
        this.core.info = info;
        this.core.abi = detectAbi(info, this.profile.abiVersions);
        if (this.core.abi === undefined) return this.fail('load', 'Missing or unknown Proxy-Wasm ABI version', 'UnableToInitializeCode');
        this.loaded = { module: m, info, exactSignatures: false };
      }
    } catch {
      this.fail('load', 'Failed to parse corrupted Wasm module', 'UnableToInitializeCode');
    }
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
    });
    core.contexts.set(id, { kind: 'stream', id, rootId: ROOT_ID, access: s });
    return s;
  }

  now(): number {
    return this.core.clock.nowMs;
  }

  advanceTime(ms: number): StepResult {
    const core = this.core;
    return step(core, () => {
      const target = core.clock.nowMs + Math.max(0, ms);
      for (let guard = 0; guard < 1_000_000; guard++) {
        let due: [number, { periodMs: number; nextDueMs: number }] | undefined;
        for (const e of core.timers) if (e[1].nextDueMs <= target && (due === undefined || e[1].nextDueMs < due[1].nextDueMs)) due = e;
        if (due === undefined) break;
        const [rootId, t] = due;
        core.clock.nowMs = Math.max(core.clock.nowMs, t.nextDueMs);
        t.nextDueMs = core.clock.nowMs + t.periodMs;
        if (core.vm.failure === undefined) core.vm.invokeCallback('proxy_on_tick', [rootId], rootId);
        // Deferred actions of each tick run before the next one.
        stepTail(core);
      }
      core.clock.nowMs = target;
    });
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
  formatTrace(last?: number): string {
    return formatTrace(last === undefined ? this.core.trace.list() : this.core.trace.last(last));
  }
  getCurrentLogs(level?: LogLevelName) {
    return this.core.logs.list(level);
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
}

function stepTail(core: HostCore): void {
  while (core.deferred.length > 0 || core.posted.length > 0) {
    core.deferred.shift()?.();
    if (core.deferred.length === 0) core.posted.shift()?.();
  }
}

/** Creates a host for `profile` (a HostProfile or its id). Never throws for plugin problems. */
export function createHost(profile: HostProfile | HostId, options: HostOptions): Host {
  const p = typeof profile === 'string' ? getProfile(profile) : profile;
  return new HostImpl(p, options);
}

export { newRootCtx };
