/**
 * The state one host owns (no module-level state anywhere): contexts, the current/effective
 * context, deferred actions, the virtual clock and the stores of each ABI area.
 */
import type { HeaderMap } from './header-map.js';
import type { LogStore } from './logs.js';
import type { GuestMemory } from './memory.js';
import type { ModuleInfo } from './module-info.js';
import type { HostProfile } from './profiles/index.js';
import type { AbiVersion, LogLevelName } from './symbols.js';
import type { Trace } from './trace.js';
import type { HeaderPairs, HostNote, LocalResponseRecord, PropertyMap } from './types.js';
import { Vm } from './vm.js';
import type { BudgetImpl } from './budget.js';
import type { Callouts } from './abi/http-calls.js';
import type { SharedStoreImpl } from './abi/shared-data.js';
import type { Metrics } from './abi/metrics.js';
import type { Timers } from './abi/timers.js';
import type { StreamAccess } from './stream/access.js';

export interface ResolvedOptions {
  readonly pluginConfiguration: Uint8Array;
  readonly vmConfiguration: Uint8Array;
  readonly rootId: string;
  readonly vmId: string;
  readonly pluginName: string;
  readonly environment: ReadonlyArray<readonly [string, string]>;
  readonly properties: PropertyMap;
  readonly clusterExists: (name: string) => boolean;
  readonly failOpen: boolean;
  readonly logLevel: LogLevelName;
  readonly startTimeMs: number;
  readonly bodyBufferSemantics: HostProfile['bodyBufferSemantics'];
  readonly bufferLimitBytes: number;
  readonly upstreamHosts: HeaderPairs;
}

/** A mutable byte buffer the plugin can read and (if mutable) rewrite (Envoy Buffer::Instance). */
export interface HostBuffer {
  bytes(): Uint8Array;
  readonly mutable: boolean;
  replace(data: Uint8Array): void;
}

/** Root context (also used for the VM context, id 0): where callouts, timers and configuration live. */
export interface RootCtx {
  readonly kind: 'root';
  readonly id: number;
  /** temp_plugin_ is held: PLUGIN_CONFIGURATION readable (root create + configure). */
  configReadable: boolean;
  /** proxy_get_status answer (set by a failed callout / gRPC close). */
  status: { code: number; message: string };
  httpCallResponse?: { headers: HeaderMap; trailers: HeaderMap | undefined; body: Uint8Array };
  grpcInitialMetadata?: HeaderMap;
  grpcTrailingMetadata?: HeaderMap;
  grpcReceive?: Uint8Array;
  redisResponse: Uint8Array;
  callData: Uint8Array;
  /** proxy_on_done returned false; waits for proxy_done. */
  pendingDone: boolean;
  deleted: boolean;
}

export interface StreamCtx {
  readonly kind: 'stream';
  readonly id: number;
  readonly rootId: number;
  readonly access: StreamAccess;
}

export type Ctx = RootCtx | StreamCtx;

export interface HostCore {
  readonly profile: HostProfile;
  abi: AbiVersion | undefined;
  readonly opts: ResolvedOptions;
  info: ModuleInfo | undefined;
  readonly trace: Trace;
  readonly logs: LogStore;
  readonly notes: HostNote[];
  readonly clock: { nowMs: number };
  readonly random: (n: number) => Uint8Array;
  vm: Vm;
  mem: GuestMemory | undefined;
  readonly contexts: Map<number, Ctx>;
  nextContextId: number;
  currentContextId: number;
  effectiveContextId: number;
  /** "After VM call" actions (DeferAfterCallActions): continue, close, local reply. */
  readonly deferred: Array<() => void>;
  /** Work the dispatcher runs later (queue ready, re-entrant completions). */
  readonly posted: Array<() => void>;
  /** WasmBase::stopNextIteration: a local reply forces a stop status. */
  stopNextIteration: boolean;
  /** A bug in host code, carried out of the guest and rethrown by invokeCallback. */
  internalError: unknown;
  /** What the running hostcall wants shown on its trace return line (a log call's text). */
  traceNote: string | undefined;
  readonly store: SharedStoreImpl;
  readonly callouts: Callouts;
  readonly timers: Timers;
  readonly metrics: Metrics;
  readonly localResponses: LocalResponseRecord[];
  /** Per stream context: Higress proxy_set_upstream_override_host. */
  readonly overrideHosts: Map<number, string>;
  /** The run's budget of events, wall time and kept bytes (src/budget.ts). */
  readonly budget: BudgetImpl;
  /** Bytes charged to the budget per stream context, released when the stream ends. */
  readonly streamCharges: Map<number, Map<import('./budget.js').ChargeKind, number>>;
}

export function newRootCtx(id: number): RootCtx {
  return { kind: 'root', id, configReadable: false, status: { code: 0, message: '' }, redisResponse: new Uint8Array(0), callData: new Uint8Array(0), pendingDone: false, deleted: false };
}

/** contextOrEffectiveContext() (src/exports.cc): the effective context if it still exists. */
export function currentCtx(core: HostCore): Ctx {
  const eff = core.effectiveContextId === 0 ? undefined : core.contexts.get(core.effectiveContextId);
  const ctx = eff ?? core.contexts.get(core.currentContextId);
  if (ctx === undefined) throw new Error(`internal: no context ${core.currentContextId}`);
  return ctx;
}

/** root_context(): a stream's parent root, or the root itself. */
export function rootOf(core: HostCore, ctx: Ctx): RootCtx {
  if (ctx.kind === 'root') return ctx;
  const r = core.contexts.get(ctx.rootId);
  if (r === undefined || r.kind !== 'root') throw new Error(`internal: no root ${ctx.rootId}`);
  return r;
}

/** Runs the after-VM-call actions queued during a callback, in order. */
export function runDeferred(core: HostCore): void {
  // In batches, in order: what an action queues runs after the batch (no shift() per item).
  while (core.deferred.length > 0) {
    for (const f of core.deferred.splice(0)) f();
  }
}

/**
 * Runs dispatcher work (posted events) until none is left, first posted first. Work that posts
 * more work forever is ended by the run's event budget (each posted callback is an event).
 */
export function drainPosted(core: HostCore): void {
  while (core.posted.length > 0) {
    for (const f of core.posted.splice(0)) {
      f();
      runDeferred(core);
    }
  }
}

/**
 * Higress recovery (HE127 wasm_filter.h): a fresh VM replaces the failed one. Streams of the old
 * VM are over; logs, notes, trace, stats by name and shared data (process-wide) stay.
 */
export function resetVm(core: HostCore): void {
  for (const c of core.contexts.values()) if (c.kind === 'stream') c.access.abandon();
  core.contexts.clear();
  core.vm = new Vm(core);
  core.mem = undefined;
  core.nextContextId = 2;
  core.currentContextId = 0;
  core.effectiveContextId = 0;
  core.deferred.length = 0;
  core.posted.length = 0;
  core.stopNextIteration = false;
  core.timers.clear();
  core.callouts.http.clear();
  core.callouts.grpc.clear();
  core.callouts.redis.clear();
  core.metrics.byId.clear();
  core.overrideHosts.clear();
}
