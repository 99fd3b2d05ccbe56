import type { HostProfile } from './types.js';
import { ENVOY_FOREIGN_FUNCTIONS, ONE_GIB, START_ALLOW_2025, STREAM_IDLE_TIMEOUT_MS } from './common.js';

/** Upstream proxy-wasm-cpp-host as linked by current Envoy and Istio. */
export const envoy: HostProfile = {
  id: 'envoy',
  title: 'Envoy / Istio (upstream proxy-wasm-cpp-host)',
  sources: [
    'proxy-wasm/proxy-wasm-cpp-host@52a0291 (2026-07-01): src/bytecode_util.cc, src/wasm.cc, src/exports.cc, src/context.cc',
    'envoyproxy/envoy source/extensions/common/wasm/context.cc (DefaultAllowOnHeadersStopIteration = false)',
  ],
  abiVersions: ['0.1.0', '0.2.0', '0.2.1'],
  hostFeatures: [],
  wasiGroups: ['initial', 'fdflags-yield-poll', 'stubs-2025'],
  wasiSignatureOverrides: {},
  // UCH 14fa83a (2025-11-20) also allows emscripten_notify_memory_growth during start.
  startAllowList: [...START_ALLOW_2025, 'env.emscripten_notify_memory_growth'],
  // include/proxy-wasm/wasm.h allocMemory: upstream still restricts hostcalls made by malloc.
  allocatorAllowList: ['env.proxy_log', 'fd_write', 'clock_time_get', 'poll_oneoff'],
  // allow_on_headers_stop_iteration defaults to false: StopIteration always becomes StopAll.
  headersStopIterationPassThrough: [],
  maxBufferType: 8,
  maxMemoryBytes: ONE_GIB,
  callsMainVoid: true,
  localReplyOncePerStream: true,
  bodyBufferSemantics: 'envoy-1.32',
  streamIdleTimeoutMs: STREAM_IDLE_TIMEOUT_MS,
  recoverMinIntervalSeconds: null,
  foreignFunctions: ENVOY_FOREIGN_FUNCTIONS,
};
