/**
 * Public types of proxy-wasm-host-mock. The API is named by direction (Go SDK proxytest style):
 * `send*` / `callOn*` / `respond*` run plugin code, `state` / `getCurrent*` / `pending()` read host
 * state. Everything the driver touches is synchronous (wasm calls are synchronous).
 */
import type { AbiVersion, LogLevelName } from './symbols.js';
import type { HostId, HostProfile } from './profiles/index.js';
import type { WalkedModule } from './binary/types.js';
import type { WebAssembly } from './webassembly.js';

/** Header / trailer / metadata pairs in order; keys are stored lower-cased as Envoy does. */
export type HeaderPairs = ReadonlyArray<readonly [string, string]>;

/** Bodies: a string is UTF-8 encoded. */
export type BodyInput = string | Uint8Array;

/**
 * A property value as the gateway encodes it (reference §9): string → raw bytes, integer
 * `number`/`bigint` → 8-byte little-endian, boolean → 1 byte, Uint8Array → as is (protobuf etc.),
 * pairs → the pairs map format (§8).
 */
export type PropertyValue = string | number | bigint | boolean | Uint8Array | HeaderPairs;

/** Property paths are the segments joined with '.', e.g. `request.headers.x-foo`, `route_name`. */
export type PropertyMap = Readonly<Record<string, PropertyValue>>;

export interface HostOptions {
  /** The plugin: compiled module or its bytes. */
  readonly module: WebAssembly.Module | Uint8Array;
  /**
   * The bytes of `module` when it is a compiled Module (compile once, share between hosts): the
   * host reads import signatures and the `name` section from them, for exact link-error texts and
   * backtraces with function names. Without bytes those degrade.
   */
  readonly moduleBytes?: Uint8Array;
  /**
   * The walk of those bytes (`walkModule(bytes)` from `proxy-wasm-host-mock/binary`) when the
   * caller has it already, so the module is parsed once; it must come from exactly these bytes.
   * Plain data: it can be sent to a worker thread. Default: the host walks the bytes itself.
   */
  readonly walkedModule?: WalkedModule;
  /**
   * Called synchronously for every trace event (e.g. to stream progress out of a worker). The
   * event's `text` is formatted when first read; its parts (`callee`, `args`, `result`) are there
   * for a listener that can do without the text.
   */
  readonly onTrace?: (event: TraceRecord) => void;
  /** Plugin configuration (buffer 7); an object is JSON-encoded like a google.protobuf.Struct. */
  readonly pluginConfiguration?: BodyInput | object;
  /** VM configuration (buffer 6). */
  readonly vmConfiguration?: BodyInput;
  /** Root id (`plugin_root_id`); default ''. */
  readonly rootId?: string;
  /** VM id (`plugin_vm_id`, shared-data namespace); default ''. */
  readonly vmId?: string;
  /** Plugin name (`plugin_name`, log prefix); default 'wasm-verify'. */
  readonly pluginName?: string;
  /** `vm_config.environment_variables` seen by environ_get. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Host-wide properties (node, listener_direction, route_name defaults…); streams may override. */
  readonly properties?: PropertyMap;
  /** Upstream clusters that exist (http_call / grpc / redis_init). Default: every name exists. */
  readonly clusters?: readonly string[] | ((name: string) => boolean);
  /** Behaviour after a trap: skip the plugin (true) or answer 503 wasm_fail_stream (default). */
  readonly failOpen?: boolean;
  /** Envoy's `wasm` logger level (proxy_get_log_level, foreign get_log_level); default 'info'. */
  readonly logLevel?: LogLevelName;
  /** Realtime clock at virtual time 0, in Unix ms; default 1_735_689_600_000 (2025-01-01Z). */
  readonly startTimeMs?: number;
  /** Seed of the deterministic random_get; default 1. */
  readonly randomSeed?: number;
  /** Override the profile's body buffer semantics (reference Surprise 7). */
  readonly bodyBufferSemantics?: HostProfile['bodyBufferSemantics'];
  /** Decoder/encoder buffer limit for StopIterationAndBuffer (413 / 500 beyond it); default 1 MiB. */
  readonly bufferLimitBytes?: number;
  /** Ring-buffer size of `host.trace`; default 20_000 events. */
  readonly traceLimit?: number;
  /** Log messages kept (oldest dropped, counted); default 2_000. Each message is cut at 64 KiB. */
  readonly logLimit?: number;
  /** Hosts proxy_get_upstream_hosts reports (Higress): (address, JSON info) pairs; default none. */
  readonly upstreamHosts?: HeaderPairs;
  /** Shared-data / queue store; pass one object to several hosts to share it like one process. */
  readonly sharedStore?: SharedStore;
  /**
   * The run's budget (`createHostBudget(limits)`): pass one object to every host of a run so
   * that what they keep and the callbacks they dispatch add up. Default: a budget of this host's
   * own with `limits`. Crossing a limit throws `HostExhausted` out of the step that crossed it.
   */
  readonly budget?: HostBudget;
  /** Limits of the default budget (ignored when `budget` is given). */
  readonly limits?: HostLimits;
}

/** Whole-run limits of the emulated host (see src/budget.ts for the defaults). */
export interface HostLimits {
  /** Top-level plugin callbacks per scope (`host.beginBudgetScope`); default 100_000. */
  readonly maxEvents?: number;
  /** Top-level plugin callbacks over the budget's life; default 1_000_000. */
  readonly maxRunEvents?: number;
  /** Bytes the host keeps on the plugin's behalf; default 256 MiB. */
  readonly maxHostBytes?: number;
  /** Wall-clock ms per scope, checked as callbacks are dispatched; 0 (default): none. */
  readonly scopeWallMs?: number;
}

/** Opaque run budget (created by createHostBudget). */
export interface HostBudget {
  readonly kind: 'host-budget';
}

/** Opaque process-wide store of shared data and queues (keyed by vm_id inside). */
export interface SharedStore {
  readonly kind: 'shared-store';
}

// ---------------------------------------------------------------- lifecycle

export type LifecycleStage = 'load' | 'link' | 'start' | 'vm_start' | 'configure';

/** Fail states of the real host (include/proxy-wasm/wasm_vm.h). */
export type FailState =
  | 'UnableToCreateVm'
  | 'MissingFunction'
  | 'UnableToInitializeCode'
  | 'StartFailed'
  | 'ConfigureFailed'
  | 'RuntimeError';

export interface LifecycleResult {
  readonly stage: LifecycleStage;
  readonly ok: boolean;
  /** The host's own text, e.g. "Failed to load Wasm module due to a missing import: env.proxy_foo". */
  readonly message?: string;
  readonly failState?: FailState;
  /** Raw value returned by proxy_on_vm_start / proxy_on_configure. */
  readonly returned?: number;
  /** Set when the stage failed because the plugin trapped. */
  readonly failure?: VmFailure;
}

export interface BootResult {
  readonly ok: boolean;
  /** Each stage that ran, in order; the last one failed when `ok` is false. */
  readonly stages: readonly LifecycleResult[];
}

// ---------------------------------------------------------------- calls and failures

/** Outcome of one host→vm callback. */
export interface CallOutcome {
  readonly export: string;
  /** False when the module does not export it (the host then uses the default) or the VM failed. */
  readonly called: boolean;
  /** Raw i32 result (undefined for void callbacks or when not called). */
  readonly returned?: number;
  readonly trapped: boolean;
}

export interface BacktraceFrame {
  readonly index: number;
  /** Module offset of the frame, when the engine reports it. */
  readonly offset?: number;
  readonly name: string;
}

/** Sticky VM failure (a trap). */
export interface VmFailure {
  readonly export: string;
  /** The engine's trap text, e.g. "Uncaught RuntimeError: unreachable". */
  readonly trapMessage: string;
  readonly backtrace: readonly BacktraceFrame[];
  /** Full text in the host's format: "Function: <export> failed: …\nProxy-Wasm plugin in-VM backtrace:\n  0:  0x1a2 - name". */
  readonly message: string;
  /** Panic text the plugin printed (Go "panic: …", Rust "panicked at …", AS "abort: …"), if any. */
  readonly panicText?: string;
  /**
   * The last error/critical proxy_log of the callback that trapped, if any (e.g. AssemblyScript's
   * abort text "Missing root context factory for root id: …").
   */
  readonly errorLog?: string;
  /** Log position (Host.logPosition) when the top-level callback that trapped began. */
  readonly logPosition?: number;
  /** True when the trap was the deliberate restricted_callback trap. */
  readonly restrictedCallback: boolean;
  readonly virtualTimeMs: number;
}

/** Something the host observed that the verifier should report. Text is rendered by the caller. */
export type HostNote =
  | { readonly kind: 'restricted_callback'; readonly callee: string; readonly phase: 'start' | 'allocator'; readonly during: string; readonly hint: string }
  | { readonly kind: 'unimplemented'; readonly fn: string; readonly callback: string }
  | { readonly kind: 'invalid_memory'; readonly fn: string; readonly detail: string; readonly callback: string }
  | { readonly kind: 'bad_enum'; readonly fn: string; readonly argument: string; readonly value: number; readonly callback: string }
  | { readonly kind: 'second_local_reply'; readonly streamId: number; readonly callback: string }
  /** A WASI call answered 52 (ENOSYS) by this host's profile (poll_oneoff before UCH 94091cd); once per host. */
  | { readonly kind: 'wasi_nosys'; readonly fn: string; readonly callback: string }
  | { readonly kind: 'memory_limit'; readonly bytes: number; readonly limit: number; readonly callback: string }
  | { readonly kind: 'bad_export_signature'; readonly name: string; readonly want: string; readonly got: string }
  | { readonly kind: 'log_dropped'; readonly count: number }
  /** A callout to a cluster the host does not know (only when clusters are declared). */
  | { readonly kind: 'unknown_cluster'; readonly fn: string; readonly cluster: string; readonly callback: string };

export interface TraceEvent {
  readonly dir: 'host->vm' | 'host<-vm' | 'vm->host' | 'vm<-host';
  readonly text: string;
}

/**
 * A trace event as recorded: a call (`callee(args)`), a return (`callee return: result (note)`)
 * or free text (`callee` is then the whole text). `text` is the line as printed, made on demand.
 */
export interface TraceRecord extends TraceEvent {
  readonly kind: 'call' | 'return' | 'text';
  readonly callee: string;
  /** A call's arguments. */
  readonly args: ReadonlyArray<number | bigint> | undefined;
  /** A return's value (undefined: void). */
  readonly result: number | undefined;
  /** A return's note, e.g. the level and text of a log line. */
  readonly note: string | undefined;
}

export interface LogEntry {
  readonly level: LogLevelName;
  readonly message: string;
  /** Where it came from: proxy_log, fd_write (stdout→info, stderr→error) or a host message. */
  readonly source: 'proxy_log' | 'fd_write' | 'host';
  readonly contextId: number;
  /** The outermost callback running when it was logged. */
  readonly callback: string;
  readonly truncated: boolean;
}

// ---------------------------------------------------------------- streams

export type StatusName =
  | 'Continue'
  | 'StopIteration'
  | 'ContinueAndEndStream'
  | 'StopAllIterationAndBuffer'
  | 'StopAllIterationAndWatermark'
  | 'StopIterationAndBuffer'
  | 'StopIterationAndWatermark'
  | 'StopIterationNoBuffer';

/** Why a direction of the stream is stopped. */
export interface StopInfo {
  /** Callback whose return stopped it, e.g. 'proxy_on_request_headers'. */
  readonly callback: string;
  /** The raw value the plugin returned. */
  readonly returned: number;
  /** The status the host applied after its conversion. */
  readonly status: StatusName;
  /** One sentence: why the host converted (ABI marker, clamp, local reply) or "as returned". */
  readonly reason: string;
  /** Whether later body chunks of this direction still reach the plugin (false under StopAll). */
  readonly bodyCallbacksDelivered: boolean;
  readonly virtualTimeMs: number;
}

export interface DirectionState {
  /** What has arrived from the peer so far. */
  readonly received: { readonly headers: boolean; readonly bodyBytes: number; readonly trailers: boolean; readonly endOfStream: boolean };
  readonly iteration: 'flowing' | 'stopped';
  readonly stop?: StopInfo;
  /** Headers have been passed on to the next hop. */
  readonly headersForwarded: boolean;
  /** get_header_map_* on this direction's headers works now (else BadArgument). */
  readonly headersReachable: boolean;
  /** Body held by the filter manager for this filter (not yet passed on). */
  readonly bufferedBytes: number;
  /** Trailers held until the direction is continued. */
  readonly trailersHeld: boolean;
  /** The next hop has seen end of stream. */
  readonly complete: boolean;
}

export interface LocalReply {
  readonly status: number;
  readonly details: string;
  readonly body: Uint8Array;
  readonly headers: HeaderPairs;
  /** gRPC status given (the SDK default −1 means none). */
  readonly grpcStatus: number;
  /** Who produced it. */
  readonly source: 'plugin' | 'fail-closed' | 'buffer-limit' | 'stream-idle-timeout';
  /** Callback during which the plugin asked for it. */
  readonly callback?: string;
}

export interface StreamState {
  readonly contextId: number;
  readonly request: DirectionState;
  readonly response: DirectionState;
  readonly localReply?: LocalReply;
  /** proxy_close_stream / reset: 'reset' with details. */
  readonly reset?: { readonly details: string; readonly by: 'plugin' | 'host' };
  /** on_log/on_done/on_delete have run. */
  readonly done: boolean;
  /** The VM had failed: the plugin was skipped (fail-open) or answered 503 (fail-closed). */
  readonly failedVm?: 'open' | 'closed';
}

/** What reached the upstream (through this filter and the router). */
export interface UpstreamView {
  readonly headers?: HeaderPairs;
  readonly body: Uint8Array;
  readonly bodyText: string;
  readonly trailers?: HeaderPairs;
  readonly endOfStream: boolean;
  readonly reset: boolean;
}

/** What reached the client: the same view as the upstream's, plus the response status. */
export interface DownstreamView extends UpstreamView {
  readonly status?: number;
}

/** Result of one send* step: the plugin callbacks that ran (zero, one, or several after deferred actions). */
export interface StepResult {
  readonly calls: readonly CallOutcome[];
  /** The VM trapped during this step. */
  readonly trapped: boolean;
}

export interface StreamOptions {
  /** Stream-level properties (override host ones): route_name, cluster_name, source.address… */
  readonly properties?: PropertyMap;
  /** `request.protocol`; default 'HTTP/1.1'. */
  readonly protocol?: 'HTTP/1.0' | 'HTTP/1.1' | 'HTTP/2' | 'HTTP/3';
}

export interface HttpStream {
  readonly contextId: number;
  sendRequestHeaders(headers: HeaderPairs, endOfStream: boolean): StepResult;
  sendRequestBody(chunk: BodyInput, endOfStream: boolean): StepResult;
  sendRequestTrailers(trailers: HeaderPairs): StepResult;
  sendResponseHeaders(headers: HeaderPairs, endOfStream: boolean): StepResult;
  sendResponseBody(chunk: BodyInput, endOfStream: boolean): StepResult;
  sendResponseTrailers(trailers: HeaderPairs): StepResult;
  /** End of stream: proxy_on_log → proxy_on_done → proxy_on_delete (idempotent). */
  complete(): StepResult;
  /** Gateway-side timeout/abort: answers like the HCM stream idle timeout (408/504) then completes. */
  timeout(): StepResult;
  readonly state: StreamState;
  readonly upstream: UpstreamView;
  readonly downstream: DownstreamView;
  /** Where the stream is, without copying headers or bodies (for a driver's loops; the views copy). */
  flags(): StreamFlags;
}

/** The few facts a driver checks after every step. */
export interface StreamFlags {
  readonly done: boolean;
  readonly localReply: boolean;
  readonly reset: boolean;
  /** The upstream (downstream) got the end of the request (response). */
  readonly upstreamComplete: boolean;
  readonly downstreamComplete: boolean;
}

// ---------------------------------------------------------------- callouts and pending work

export interface TimerInfo {
  readonly rootContextId: number;
  readonly periodMs: number;
  readonly nextDueMs: number;
}

export interface HttpCallInfo {
  readonly token: number;
  readonly cluster: string;
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
  readonly trailers: HeaderPairs;
  readonly timeoutMs: number;
  /** Context that was current (effective) when the plugin made the call. */
  readonly fromContext: number;
  readonly rootContextId: number;
  readonly issuedAtMs: number;
}

export interface GrpcCallInfo {
  readonly token: number;
  readonly kind: 'call' | 'stream';
  readonly service: string;
  readonly serviceName: string;
  readonly method: string;
  readonly initialMetadata: HeaderPairs;
  readonly message: Uint8Array;
  /** Messages sent with proxy_grpc_send (streams). */
  readonly sent: readonly Uint8Array[];
  readonly timeoutMs: number;
  readonly fromContext: number;
  readonly rootContextId: number;
  readonly issuedAtMs: number;
}

export interface RedisCallInfo {
  readonly token: number;
  readonly cluster: string;
  /** The RESP command bytes the plugin sent. */
  readonly query: Uint8Array;
  readonly queryText: string;
  readonly fromContext: number;
  readonly rootContextId: number;
  readonly issuedAtMs: number;
}

export interface RedisClusterInfo {
  readonly cluster: string;
  readonly username: string;
  readonly password: string;
  readonly timeoutMs: number;
}

/** Everything that could still resume a stopped stream. */
export interface Pending {
  readonly timers: readonly TimerInfo[];
  readonly httpCalls: readonly HttpCallInfo[];
  readonly grpcCalls: readonly GrpcCallInfo[];
  readonly redisCalls: readonly RedisCallInfo[];
  /** Root contexts that returned false from proxy_on_done and wait for proxy_done. */
  readonly pendingDone: readonly number[];
}

export interface HttpCallResponse {
  readonly headers: HeaderPairs;
  readonly body?: BodyInput;
  readonly trailers?: HeaderPairs;
}

export interface GrpcResponse {
  readonly initialMetadata?: HeaderPairs;
  /** Messages delivered with proxy_on_grpc_receive, in order. */
  readonly messages?: readonly BodyInput[];
  readonly trailingMetadata?: HeaderPairs;
  /** gRPC status for proxy_on_grpc_close (0 OK). */
  readonly status: number;
  readonly statusMessage?: string;
}

export interface MetricInfo {
  readonly id: number;
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly value: bigint;
  /** Histogram samples recorded. */
  readonly samples: readonly bigint[];
}

export interface LocalResponseRecord extends LocalReply {
  readonly contextId: number;
}

// ---------------------------------------------------------------- the host

export interface Host {
  readonly profile: HostProfile;
  /** ABI detected from the markers (undefined when none / not known to the profile). */
  readonly abi: AbiVersion | undefined;
  readonly rootContextId: number;

  // lifecycle (each runs the previous stages if they have not run yet)
  link(): LifecycleResult;
  start(): LifecycleResult;
  startVm(): LifecycleResult;
  configure(): LifecycleResult;
  /** link → start → vm_start → configure, stopping at the first failure. */
  boot(): BootResult;
  /**
   * Higress recovery after a trap (profile.recoverMinIntervalSeconds): a fresh VM replays link,
   * start, vm_start and configure, at most once per interval of virtual time. `{ ok: false,
   * stages: [] }` when the VM has not failed, the profile does not recover, or it is too soon.
   * Streams of the failed VM are over; make new ones.
   */
  recover(): BootResult;
  /** Plugin removal: proxy_on_done(root) then proxy_on_delete(root) (or later, after proxy_done). */
  shutdown(): StepResult;

  // traffic
  newHttpStream(options?: StreamOptions): HttpStream;

  // virtual time and callouts (send the plugin what it waits for)
  now(): number;
  /** Advance the virtual clock, firing due proxy_on_tick calls in time order. */
  advanceTime(ms: number): StepResult;
  respondHttpCall(token: number, response: HttpCallResponse): StepResult;
  /** Connection reset: proxy_on_http_call_response(root, token, 0, 0, 0), get_status = (11, "reset"). */
  failHttpCall(token: number): StepResult;
  respondGrpcCall(token: number, response: GrpcResponse): StepResult;
  /** Reply with RESP bytes (e.g. "+OK\r\n"); status 0 Ok, 1 NetworkError. */
  respondRedisCall(token: number, resp: BodyInput, status?: number): StepResult;
  /** Put a message on a queue from outside (another plugin); delivers proxy_on_queue_ready. */
  enqueueSharedQueue(vmId: string, name: string, data: BodyInput): StepResult;
  pending(): Pending;

  // observation
  readonly failure: VmFailure | undefined;
  readonly notes: readonly HostNote[];
  readonly trace: readonly TraceEvent[];
  /** The newest `n` kept trace events, oldest first (formats only those). */
  traceTail(n: number): TraceEvent[];
  /** The trace as cpp-host prints it: one `[host->vm] …` line per event. */
  formatTrace(last?: number): string;
  getCurrentLogs(level?: LogLevelName): readonly LogEntry[];
  /** Log entries ever added (a position that survives the log cap), for logsSince. */
  readonly logPosition: number;
  /** Entries added since `position` that the log cap kept, and how many it dropped. */
  logsSince(position: number): { readonly entries: readonly LogEntry[]; readonly dropped: number };
  getCurrentMetrics(): readonly MetricInfo[];
  getCurrentSharedData(): ReadonlyMap<string, { readonly value: Uint8Array; readonly cas: number }>;
  getCurrentTickPeriodMs(rootContextId?: number): number;
  getCurrentHttpCalls(): readonly HttpCallInfo[];
  getCurrentRedisCalls(): readonly RedisCallInfo[];
  getCurrentGrpcCalls(): readonly GrpcCallInfo[];
  getCurrentLocalResponses(): readonly LocalResponseRecord[];
  getCurrentRedisClusters(): readonly RedisClusterInfo[];
  /** Set by proxy_set_upstream_override_host (Higress). */
  getCurrentUpstreamOverrideHost(contextId: number): string | undefined;
  memoryBytes(): number;
  /** Starts a new scope of the event and wall-time budgets (e.g. one per scenario), named in findings. */
  beginBudgetScope(label: string): void;
}

export type { HostId, HostProfile };
