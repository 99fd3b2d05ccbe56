/**
 * The proxy-wasm ABI as tables: host functions (imports a plugin may use), module callbacks
 * (exports the host looks up) and ABI markers, each with its exact wasm signature.
 *
 * One table that the static checks (src/checks) and the host shim (host-shim/src/host.ts) both
 * read, so the two can never disagree about a name or a signature.
 *
 * Sources (see ../shared/reference/proxy-wasm-abi.md §1–§4, §10):
 *   proxy-wasm/proxy-wasm-cpp-host @ 52a0291 src/wasm.cc registerCallbacks, src/exports.cc
 *   higress-group/proxy-wasm-cpp-host @ 913c1b0 (same files; FOR_ALL_HOST_FUNCTIONS adds redis etc.)
 *   Types: every Word is i32, int64/uint64 are i64 (include/proxy-wasm/word.h, src/v8/v8.cc).
 */

export type ValType = 'i32' | 'i64' | 'f32' | 'f64';

export interface Signature {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export type AbiVersion = '0.1.0' | '0.2.0' | '0.2.1' | '0.2.100';

export const ALL_ABI_VERSIONS: readonly AbiVersion[] = ['0.1.0', '0.2.0', '0.2.1', '0.2.100'];

/** Export name of each ABI marker function (bytecode_util.cc getAbiVersion). */
export const ABI_MARKERS: Readonly<Record<string, AbiVersion>> = {
  proxy_abi_version_0_1_0: '0.1.0',
  proxy_abi_version_0_2_0: '0.2.0',
  proxy_abi_version_0_2_1: '0.2.1',
  proxy_abi_version_0_2_100: '0.2.100',
};

export function markerForAbi(abi: AbiVersion): string {
  return `proxy_abi_version_${abi.replace(/\./g, '_')}`;
}

/** n i32 parameters -> i32 (the shape of almost every hostcall). */
function w(n: number): Signature {
  return { params: Array<ValType>(n).fill('i32'), results: ['i32'] };
}
/** n i32 parameters -> void. */
function v(n: number): Signature {
  return { params: Array<ValType>(n).fill('i32'), results: [] };
}
function sig(params: readonly ValType[], results: readonly ValType[]): Signature {
  return { params, results };
}

/** Signature as the host prints it: `i32 i64 -> i32`, `void` for none (src/v8/v8.cc). */
export function formatSignature(s: Signature): string {
  const side = (t: readonly ValType[]): string => (t.length === 0 ? 'void' : t.join(' '));
  return `${side(s.params)} -> ${side(s.results)}`;
}

export function sameSignature(a: Signature, b: Signature): boolean {
  return (
    a.params.length === b.params.length &&
    a.results.length === b.results.length &&
    a.params.every((t, i) => t === b.params[i]) &&
    a.results.every((t, i) => t === b.results[i])
  );
}

/**
 * Optional groups of host functions; a profile lists the groups its host registers.
 * - `higress-redis`: proxy_redis_init / proxy_redis_call (HCH 1d590ef, 2024-05-18).
 * - `higress-filter-chain`: proxy_inject_encoded_data_to_filter_chain, proxy_set_upstream_override_host,
 *   proxy_get_upstream_hosts (HCH 27df305, 2025-06-04).
 */
export type HostFeature = 'higress-redis' | 'higress-filter-chain';

export interface HostFunctionSpec {
  readonly module: 'env';
  readonly name: string;
  readonly signature: Signature;
  /** ABI versions for which the host registers it; `all` = FOR_ALL_HOST_FUNCTIONS. */
  readonly abi: 'all' | readonly AbiVersion[];
  /** Registered only by hosts that have this feature group. */
  readonly feature?: HostFeature;
}

const V02: readonly AbiVersion[] = ['0.2.0', '0.2.1', '0.2.100'];

function hf(
  name: string,
  signature: Signature,
  abi: 'all' | readonly AbiVersion[] = 'all',
  feature?: HostFeature,
): HostFunctionSpec {
  return feature === undefined
    ? { module: 'env', name, signature, abi }
    : { module: 'env', name, signature, abi, feature };
}

/** Every `env` host function a proxy-wasm host may register (§3.1, §3.2 of the reference). */
export const HOST_FUNCTIONS: readonly HostFunctionSpec[] = [
  hf('proxy_log', w(3)),
  hf('proxy_get_status', w(3)),
  hf('proxy_set_property', w(4)),
  hf('proxy_get_property', w(4)),
  hf('proxy_send_local_response', w(8)),
  hf('proxy_get_shared_data', w(5)),
  hf('proxy_set_shared_data', w(5)),
  hf('proxy_register_shared_queue', w(3)),
  hf('proxy_resolve_shared_queue', w(5)),
  hf('proxy_dequeue_shared_queue', w(3)),
  hf('proxy_enqueue_shared_queue', w(3)),
  hf('proxy_get_header_map_value', w(5)),
  hf('proxy_add_header_map_value', w(5)),
  hf('proxy_replace_header_map_value', w(5)),
  hf('proxy_remove_header_map_value', w(3)),
  hf('proxy_get_header_map_pairs', w(3)),
  hf('proxy_set_header_map_pairs', w(3)),
  hf('proxy_get_header_map_size', w(2)),
  hf('proxy_get_buffer_status', w(3)),
  hf('proxy_get_buffer_bytes', w(5)),
  hf('proxy_set_buffer_bytes', w(5)),
  hf('proxy_http_call', w(10)),
  hf('proxy_grpc_call', w(12)),
  hf('proxy_grpc_stream', w(9)),
  hf('proxy_grpc_send', w(4)),
  hf('proxy_grpc_close', w(1)),
  hf('proxy_grpc_cancel', w(1)),
  hf('proxy_set_tick_period_milliseconds', w(1)),
  hf('proxy_get_current_time_nanoseconds', w(1)),
  hf('proxy_define_metric', w(4)),
  hf('proxy_increment_metric', sig(['i32', 'i64'], ['i32'])),
  hf('proxy_record_metric', sig(['i32', 'i64'], ['i32'])),
  hf('proxy_get_metric', w(2)),
  hf('proxy_set_effective_context', w(1)),
  hf('proxy_done', w(0)),
  hf('proxy_call_foreign_function', w(6)),
  // ABI 0.1.0 only.
  hf('proxy_get_configuration', w(2), ['0.1.0']),
  hf('proxy_continue_request', w(0), ['0.1.0']),
  hf('proxy_continue_response', w(0), ['0.1.0']),
  hf('proxy_clear_route_cache', w(0), ['0.1.0']),
  // ABI 0.2.x (and Higress 0.2.100 since HCH cad2eb0).
  hf('proxy_continue_stream', w(1), V02),
  hf('proxy_close_stream', w(1), V02),
  hf('proxy_get_log_level', w(1), ['0.2.1', '0.2.100']),
  // Higress fork only, registered for every ABI version.
  hf('proxy_redis_init', w(7), 'all', 'higress-redis'),
  hf('proxy_redis_call', w(5), 'all', 'higress-redis'),
  hf('proxy_inject_encoded_data_to_filter_chain', w(3), 'all', 'higress-filter-chain'),
  hf('proxy_set_upstream_override_host', w(2), 'all', 'higress-filter-chain'),
  hf('proxy_get_upstream_hosts', w(2), 'all', 'higress-filter-chain'),
  // Always registered, not capability-checked.
  hf('pthread_equal', w(2)),
  hf('emscripten_notify_memory_growth', v(1)),
  // Registered by Envoy itself for every module (source/extensions/common/wasm/wasm.cc).
  hf('envoy_resolve_dns', w(3)),
];

/** WASI modules the hosts register every WASI function under, with one implementation. */
export const WASI_MODULES = ['wasi_unstable', 'wasi_snapshot_preview1'] as const;
export type WasiModule = (typeof WASI_MODULES)[number];

/**
 * WASI groups in the order the hosts added them (§10 of the reference). A profile lists the
 * groups its host registers and may override a signature (the hosts' own wrong ones).
 */
export type WasiGroup = 'initial' | 'fdflags-yield-poll' | 'stubs-2025';

export interface WasiFunctionSpec {
  readonly name: string;
  /** The signature the host registers (not necessarily the WASI spec's). */
  readonly signature: Signature;
  readonly group: WasiGroup;
  /** The WASI preview1 signature where the host's differs (for hints). */
  readonly wasiSignature?: Signature;
}

function wf(name: string, signature: Signature, group: WasiGroup, wasiSignature?: Signature): WasiFunctionSpec {
  return wasiSignature === undefined ? { name, signature, group } : { name, signature, group, wasiSignature };
}

export const WASI_FUNCTIONS: readonly WasiFunctionSpec[] = [
  // initial … f383473 (2021-11-18): the 15 functions of HCH 7850d17 (Higress v2.0.x).
  wf('fd_write', w(4), 'initial'),
  wf('fd_read', w(4), 'initial'),
  wf('fd_seek', sig(['i32', 'i64', 'i32', 'i32'], ['i32']), 'initial'),
  wf('fd_close', w(1), 'initial'),
  wf('fd_fdstat_get', w(2), 'initial'),
  wf('environ_get', w(2), 'initial'),
  wf('environ_sizes_get', w(2), 'initial'),
  wf('args_get', w(2), 'initial'),
  wf('args_sizes_get', w(2), 'initial'),
  wf('clock_time_get', sig(['i32', 'i64', 'i32'], ['i32']), 'initial'),
  wf('random_get', w(2), 'initial'),
  wf('proc_exit', v(1), 'initial'),
  wf('path_open', sig(['i32', 'i32', 'i32', 'i32', 'i32', 'i64', 'i64', 'i32', 'i32'], ['i32']), 'initial'),
  wf('fd_prestat_get', w(2), 'initial'),
  wf('fd_prestat_dir_name', w(3), 'initial'),
  // UCH c4d7bb0 / HCH 503d013 (2024-12-19).
  wf('fd_fdstat_set_flags', w(2), 'fdflags-yield-poll'),
  wf('sched_yield', w(0), 'fdflags-yield-poll'),
  wf('poll_oneoff', w(4), 'fdflags-yield-poll'),
  // UCH 94091cd (2026-04-06) / HCH f2438ad, 3f37970, 71f6a9e (2025-03 … 2025-04).
  wf('path_filestat_get', w(5), 'stubs-2025'),
  wf('fd_filestat_get', w(2), 'stubs-2025'),
  wf('clock_res_get', w(2), 'stubs-2025'),
  wf('fd_advise', sig(['i32', 'i64', 'i64', 'i32'], ['i32']), 'stubs-2025'),
  wf('fd_allocate', sig(['i32', 'i64', 'i64'], ['i32']), 'stubs-2025'),
  wf('fd_datasync', w(1), 'stubs-2025'),
  wf('fd_sync', w(1), 'stubs-2025'),
  wf('fd_fdstat_set_rights', sig(['i32', 'i64', 'i64'], ['i32']), 'stubs-2025'),
  wf('fd_filestat_set_size', sig(['i32', 'i64'], ['i32']), 'stubs-2025'),
  wf('fd_filestat_set_times', sig(['i32', 'i64', 'i64', 'i32'], ['i32']), 'stubs-2025'),
  wf('fd_pread', sig(['i32', 'i32', 'i32', 'i64', 'i32'], ['i32']), 'stubs-2025'),
  wf('fd_pwrite', sig(['i32', 'i32', 'i32', 'i64', 'i32'], ['i32']), 'stubs-2025'),
  wf('fd_readdir', sig(['i32', 'i32', 'i32', 'i64', 'i32'], ['i32']), 'stubs-2025'),
  wf('fd_renumber', w(2), 'stubs-2025'),
  wf('fd_tell', w(2), 'stubs-2025'),
  wf('path_create_directory', w(3), 'stubs-2025'),
  wf('path_remove_directory', w(3), 'stubs-2025'),
  wf('path_unlink_file', w(3), 'stubs-2025'),
  wf('path_filestat_set_times', sig(['i32', 'i32', 'i32', 'i32', 'i64', 'i64', 'i32'], ['i32']), 'stubs-2025'),
  wf('path_readlink', w(6), 'stubs-2025'),
  // The hosts register these three with fewer parameters than WASI preview1 defines.
  wf('path_link', w(6), 'stubs-2025', w(7)),
  wf('path_rename', w(6), 'stubs-2025'),
  wf('path_symlink', w(4), 'stubs-2025', w(5)),
  wf('sock_accept', w(3), 'stubs-2025'),
  wf('sock_recv', w(6), 'stubs-2025'),
  wf('sock_send', w(5), 'stubs-2025'),
  wf('sock_shutdown', w(2), 'stubs-2025'),
];

/** Where a callback is looked up and which ABI versions give it which signature. */
export interface CallbackSpec {
  readonly name: string;
  readonly signature: Signature;
  /** ABI versions this signature applies to; `all` for every version. */
  readonly abi: 'all' | readonly AbiVersion[];
  /** Looked up only by hosts with this feature (Higress redis callback). */
  readonly feature?: HostFeature;
}

function cb(
  name: string,
  signature: Signature,
  abi: 'all' | readonly AbiVersion[] = 'all',
  feature?: HostFeature,
): CallbackSpec {
  return feature === undefined ? { name, signature, abi } : { name, signature, abi, feature };
}

/** Module exports the host looks up and type-checks (src/wasm.cc getFunctions, §4). */
export const CALLBACKS: readonly CallbackSpec[] = [
  cb('_initialize', v(0)),
  cb('main', w(2)),
  // UCH e55d150 (2026-03-03): called after _initialize when `main` is absent (profile.callsMainVoid).
  cb('__main_void', sig([], ['i32'])),
  cb('_start', v(0)),
  cb('malloc', w(1)),
  cb('proxy_on_memory_allocate', w(1)),
  cb('proxy_validate_configuration', w(2)),
  cb('proxy_on_context_create', v(2)),
  cb('proxy_on_vm_start', w(2)),
  cb('proxy_on_configure', w(2)),
  cb('proxy_on_tick', v(1)),
  cb('proxy_on_queue_ready', v(2)),
  cb('proxy_on_new_connection', w(1)),
  cb('proxy_on_downstream_data', w(3)),
  cb('proxy_on_upstream_data', w(3)),
  cb('proxy_on_downstream_connection_close', v(2)),
  cb('proxy_on_upstream_connection_close', v(2)),
  cb('proxy_on_request_headers', w(2), ['0.1.0']),
  cb('proxy_on_request_headers', w(3), V02),
  cb('proxy_on_response_headers', w(2), ['0.1.0']),
  cb('proxy_on_response_headers', w(3), V02),
  cb('proxy_on_request_body', w(3)),
  cb('proxy_on_response_body', w(3)),
  cb('proxy_on_request_trailers', w(2)),
  cb('proxy_on_response_trailers', w(2)),
  cb('proxy_on_request_metadata', w(2)),
  cb('proxy_on_response_metadata', w(2)),
  cb('proxy_on_http_call_response', v(5)),
  cb('proxy_on_grpc_receive_initial_metadata', v(3)),
  cb('proxy_on_grpc_receive', v(3)),
  cb('proxy_on_grpc_receive_trailing_metadata', v(3)),
  cb('proxy_on_grpc_close', v(3)),
  cb('proxy_on_foreign_function', v(3), V02),
  cb('proxy_on_redis_call_response', v(4), 'all', 'higress-redis'),
  cb('proxy_on_done', w(1)),
  cb('proxy_on_log', v(1)),
  cb('proxy_on_delete', v(1)),
  cb('envoy_on_resolve_dns', v(3)),
  cb('envoy_on_stats_update', v(2)),
];

/** The callback spec the host uses for `name` under `abi`, if it looks that export up at all. */
export function callbackFor(name: string, abi: AbiVersion): CallbackSpec | undefined {
  return CALLBACKS.find((c) => c.name === name && (c.abi === 'all' || c.abi.includes(abi)));
}

// ---- Numeric enums of the ABI (proxy-wasm-cpp-sdk proxy_wasm_common.h / proxy_wasm_enums.h) ----

export const WasmResult = {
  Ok: 0,
  NotFound: 1,
  BadArgument: 2,
  SerializationFailure: 3,
  ParseFailure: 4,
  BadExpression: 5,
  InvalidMemoryAccess: 6,
  Empty: 7,
  CasMismatch: 8,
  ResultMismatch: 9,
  InternalFailure: 10,
  BrokenConnection: 11,
  Unimplemented: 12,
} as const;
export type WasmResultCode = (typeof WasmResult)[keyof typeof WasmResult];

export function wasmResultName(code: number): string {
  const hit = Object.entries(WasmResult).find(([, n]) => n === code);
  return hit ? hit[0] : `WasmResult(${code})`;
}

export const FilterHeadersStatus = {
  Continue: 0,
  StopIteration: 1,
  ContinueAndEndStream: 2,
  StopAllIterationAndBuffer: 3,
  StopAllIterationAndWatermark: 4,
} as const;

export const FilterDataStatus = {
  Continue: 0,
  StopIterationAndBuffer: 1,
  StopIterationAndWatermark: 2,
  StopIterationNoBuffer: 3,
} as const;

export const FilterTrailersStatus = { Continue: 0, StopIteration: 1 } as const;

export const BufferType = {
  HttpRequestBody: 0,
  HttpResponseBody: 1,
  DownstreamData: 2,
  UpstreamData: 3,
  HttpCallResponseBody: 4,
  GrpcReceiveBuffer: 5,
  VmConfiguration: 6,
  PluginConfiguration: 7,
  CallData: 8,
  RedisCallResponse: 9,
} as const;

export const MapType = {
  HttpRequestHeaders: 0,
  HttpRequestTrailers: 1,
  HttpResponseHeaders: 2,
  HttpResponseTrailers: 3,
  GrpcReceiveInitialMetadata: 4,
  GrpcReceiveTrailingMetadata: 5,
  HttpCallResponseHeaders: 6,
  HttpCallResponseTrailers: 7,
} as const;

export const StreamType = { Request: 0, Response: 1, Downstream: 2, Upstream: 3 } as const;

export const LogLevel = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, critical: 5 } as const;
export type LogLevelName = keyof typeof LogLevel;

export const MetricType = { Counter: 0, Gauge: 1, Histogram: 2 } as const;

/** WASI preview1 errno values the hosts return. */
export const Errno = {
  SUCCESS: 0,
  BADF: 8,
  EXIST: 20,
  FAULT: 21,
  INVAL: 28,
  NOENT: 44,
  NOSYS: 52,
  NOTSUP: 58,
  NOTCAPABLE: 76,
} as const;
