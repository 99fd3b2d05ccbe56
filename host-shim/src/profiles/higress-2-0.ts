import type { HostProfile } from './types.js';
import { ENVOY_FOREIGN_FUNCTIONS, ONE_GIB, START_ALLOW_2024, STREAM_IDLE_TIMEOUT_MS } from './common.js';

/** Higress 2.0.x gateways: the fork as pinned before the December 2024 WASI additions. */
export const higress20: HostProfile = {
  id: 'higress-2.0',
  title: 'Higress 2.0.x (proxy-wasm-cpp-host fork @7850d17, before sched_yield/poll_oneoff)',
  sources: [
    'higress-group/proxy-wasm-cpp-host@7850d17 (2024-09-10), pinned by higress-group/envoy envoy-1.27@e9302f5 (Higress v2.0.2/v2.0.3)',
    'alibaba/higress issue 4233: missing import wasi_snapshot_preview1.sched_yield on Higress 2.0.4',
  ],
  abiVersions: ['0.1.0', '0.2.0', '0.2.1', '0.2.100'],
  hostFeatures: ['higress-redis'],
  wasiGroups: ['initial'],
  wasiSignatureOverrides: {},
  startAllowList: START_ALLOW_2024,
  // Before HCH b31ae6f/2e96099 (2025-04) the allocator restriction of upstream applied.
  allocatorAllowList: ['env.proxy_log', 'fd_write', 'clock_time_get'],
  headersStopIterationPassThrough: ['0.2.100'],
  maxBufferType: 9,
  maxMemoryBytes: ONE_GIB,
  callsMainVoid: false,
  localReplyOncePerStream: true,
  bodyBufferSemantics: 'envoy-1.27',
  streamIdleTimeoutMs: STREAM_IDLE_TIMEOUT_MS,
  recoverMinIntervalSeconds: 5,
  foreignFunctions: [...ENVOY_FOREIGN_FUNCTIONS, 'get_log_level'],
};
