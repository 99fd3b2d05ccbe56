/**
 * Host tables of the Higress fork of proxy-wasm-cpp-host (higress-group/proxy-wasm-cpp-host) as
 * pinned by Higress releases through their Envoy fork (higress-group/envoy). Derived from the
 * fork's sources (facts/host-facts.json); which release pins which commit: releases.ts.
 */
import type { HostProfile } from './types.js';
import {
  ALLOC_ALLOW_2020,
  ENVOY_FOREIGN_FUNCTIONS,
  ONE_GIB,
  START_ALLOW_2024,
  START_ALLOW_2025,
  START_ALLOW_W18,
  STREAM_IDLE_TIMEOUT_MS,
} from './common.js';

const HCH = 'higress-group/proxy-wasm-cpp-host' as const;
const FILES = 'include/proxy-wasm/exports.h, src/exports.cc, src/bytecode_util.cc, src/wasm.cc, include/proxy-wasm/wasm.h';

/** Higress 2.0.0 – 2.0.6: the fork before the Go 1.24 WASI calls. */
export const higress20: HostProfile = {
  id: 'higress-2.0',
  title: 'Higress 2.0.0 – 2.0.6 (proxy-wasm-cpp-host fork 7850d17, before sched_yield/poll_oneoff)',
  sources: [
    `${HCH}@7850d17 (2024-09-10): ${FILES}`,
    'higress-group/envoy envoy-1.27@e9302f5 (Higress v2.0.2/v2.0.3): bazel/repository_locations.bzl',
    'alibaba/higress issue 4233: missing import wasi_snapshot_preview1.sched_yield on Higress 2.0.4',
  ],
  hostSource: { repo: HCH, commit: '7850d17', date: '2024-09-10', facts: 'hch-7850d17' },
  abiVersions: ['0.1.0', '0.2.0', '0.2.1', '0.2.100'],
  hostFeatures: ['higress-redis'],
  wasiGroups: ['initial'],
  wasiSignatureOverrides: {},
  startAllowList: START_ALLOW_2024,
  // Before HCH b31ae6f/2e96099 (2025-04) the allocator restriction of upstream applied.
  allocatorAllowList: ALLOC_ALLOW_2020,
  // HCH 8b5f097: 0.2.100 binds proxy_on_request_headers as abi_03, which skips the conversion.
  headersStopIterationPassThrough: ['0.2.100'],
  maxBufferType: 9,
  maxMemoryBytes: ONE_GIB,
  callsMainVoid: false,
  localReplyOncePerStream: true,
  // Envoy 1.27 fork: the buffered body lacks the current chunk (envoyproxy/envoy#35884).
  bodyBufferSemantics: 'envoy-1.27',
  streamIdleTimeoutMs: STREAM_IDLE_TIMEOUT_MS,
  // HE127 wasm_filter.h MIN_RECOVER_INTERVAL_SECONDS.
  recoverMinIntervalSeconds: 5,
  pollOneoffErrno: null,
  headersStopIterationOption: null,
  foreignFunctions: [...ENVOY_FOREIGN_FUNCTIONS, 'get_log_level'],
};

/** Higress 2.0.7: the fork with the cherry-picked Go 1.24 WASI calls (poll_oneoff still 52). */
export const higress207: HostProfile = {
  ...higress20,
  id: 'higress-2.0.7',
  title: 'Higress 2.0.7 (proxy-wasm-cpp-host fork 503d013, poll_oneoff answers 52)',
  sources: [
    `${HCH}@503d013 (cherry-pick of proxy-wasm/proxy-wasm-cpp-host c4d7bb0, 2024-12-19): ${FILES}`,
    'alibaba/higress v2.0.7 pins higress-group/envoy envoy-1.27@c2471f1, whose cpp-host pin was not read: the first fork commit with sched_yield is assumed',
  ],
  hostSource: { repo: HCH, commit: '503d013', date: '2024-12-19', facts: 'hch-503d013' },
  wasiGroups: ['initial', 'fdflags-yield-poll'],
  startAllowList: START_ALLOW_W18,
  pollOneoffErrno: 52,
};

/** Higress 2.1.x: the fork with every WASI call (Envoy 1.27 fork). */
export const higress21: HostProfile = {
  ...higress20,
  id: 'higress-2.1',
  title: 'Higress 2.1.x (proxy-wasm-cpp-host fork 913c1b0, Envoy 1.27 fork)',
  sources: [
    `${HCH}@913c1b0 (2025-07-25): ${FILES}, src/context.cc`,
    'higress-group/envoy envoy-1.27@e9302f5: source/extensions/common/wasm/context.cc, wasm_filter.h',
    'alibaba/higress v2.1.0 … v2.1.11 pin higress-group/envoy envoy-1.27@a2c5a07 … 384e5aa, whose cpp-host pins were not read',
  ],
  hostSource: { repo: HCH, commit: '913c1b0', date: '2025-07-25', facts: 'hch-913c1b0' },
  hostFeatures: ['higress-redis', 'higress-filter-chain'],
  wasiGroups: ['initial', 'fdflags-yield-poll', 'stubs-2025'],
  // HCH registers path_rename with 5 parameters (WASI preview1 has 6).
  wasiSignatureOverrides: { path_rename: { params: ['i32', 'i32', 'i32', 'i32', 'i32'], results: ['i32'] } },
  startAllowList: START_ALLOW_2025,
  // HCH 2e96099 (2025-04-14) "Remove restricted callback limitations during malloc".
  allocatorAllowList: null,
  // HCH cde187a (2025-04-01): writes nevents = 0, returns 0.
  pollOneoffErrno: 0,
  foreignFunctions: [...ENVOY_FOREIGN_FUNCTIONS, 'get_log_level', 'set_global_max_requests_per_io_cycle', 'inject_encoded_data_to_filter_chain_on_header'],
};

/** Higress 2.2+: the fork on Envoy 1.36. */
export const higress22: HostProfile = {
  ...higress21,
  id: 'higress-2.2',
  title: 'Higress 2.2+ (proxy-wasm-cpp-host fork d1ab18f, Envoy 1.36 fork)',
  sources: [
    'higress-group/envoy envoy-1.36@90629a8: bazel/repository_locations.bzl pins higress-group/proxy-wasm-cpp-host d1ab18f (release_date 2026-07-06)',
    `${HCH}@913c1b0 (2025-07-25): ${FILES} (d1ab18f not read)`,
    'envoyproxy/envoy#36411 (Envoy >= 1.32: the buffered body includes the current chunk)',
  ],
  hostSource: { repo: HCH, commit: 'd1ab18f', date: '2026-07-06', facts: 'hch-913c1b0', factsNote: 'd1ab18f was not read; the table is the newest fork commit read (913c1b0)' },
  bodyBufferSemantics: 'envoy-1.32',
};

export const HIGRESS_TABLES: readonly HostProfile[] = [higress20, higress207, higress21, higress22];
