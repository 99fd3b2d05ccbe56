import type { HostProfile } from './types.js';
import { ENVOY_FOREIGN_FUNCTIONS, ONE_GIB, START_ALLOW_2025, STREAM_IDLE_TIMEOUT_MS } from './common.js';

/** The Higress fork of proxy-wasm-cpp-host as in current Higress gateways (v2.1.x, Envoy 1.27 fork). */
export const higress: HostProfile = {
  id: 'higress',
  title: 'Higress 2.1+ (higress-group/proxy-wasm-cpp-host fork)',
  sources: [
    'higress-group/proxy-wasm-cpp-host@913c1b0 (2025-07-25): src/bytecode_util.cc, src/wasm.cc, src/exports.cc, src/context.cc',
    'higress-group/envoy envoy-1.27@e9302f5: source/extensions/common/wasm/context.cc, wasm_filter.h',
  ],
  abiVersions: ['0.1.0', '0.2.0', '0.2.1', '0.2.100'],
  hostFeatures: ['higress-redis', 'higress-filter-chain'],
  wasiGroups: ['initial', 'fdflags-yield-poll', 'stubs-2025'],
  // HCH registers path_rename with 5 parameters (WASI preview1 has 6).
  wasiSignatureOverrides: { path_rename: { params: ['i32', 'i32', 'i32', 'i32', 'i32'], results: ['i32'] } },
  startAllowList: START_ALLOW_2025,
  // HCH 2e96099 (2025-04-14) "Remove restricted callback limitations during malloc".
  allocatorAllowList: null,
  // HCH 8b5f097: 0.2.100 binds proxy_on_request_headers as abi_03, which skips the conversion.
  headersStopIterationPassThrough: ['0.2.100'],
  maxBufferType: 9,
  maxMemoryBytes: ONE_GIB,
  callsMainVoid: false,
  localReplyOncePerStream: true,
  bodyBufferSemantics: 'envoy-1.27',
  streamIdleTimeoutMs: STREAM_IDLE_TIMEOUT_MS,
  // HE127 wasm_filter.h MIN_RECOVER_INTERVAL_SECONDS.
  recoverMinIntervalSeconds: 5,
  foreignFunctions: [...ENVOY_FOREIGN_FUNCTIONS, 'get_log_level', 'set_global_max_requests_per_io_cycle', 'inject_encoded_data_to_filter_chain_on_header'],
};
