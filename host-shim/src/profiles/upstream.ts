/**
 * Host tables of upstream proxy-wasm-cpp-host as pinned by Envoy releases (and so by Istio):
 * one per pinned commit, each derived from that commit's sources (facts/host-facts.json, made
 * by scripts/derive-host-facts.mjs) plus the Envoy switches that differ by release line.
 * Which release pins which commit: releases.ts (../shared/reference/gateway-versions.md).
 */
import type { HostProfile, HostSource } from './types.js';
import {
  ALLOC_ALLOW_2020,
  ENVOY_FOREIGN_FUNCTIONS,
  ONE_GIB,
  START_ALLOW_2024,
  START_ALLOW_2025,
  START_ALLOW_W18,
  START_ALLOW_W18E,
  STREAM_IDLE_TIMEOUT_MS,
} from './common.js';

const UCH = 'proxy-wasm/proxy-wasm-cpp-host' as const;
const FILES = 'include/proxy-wasm/exports.h, src/exports.cc, src/bytecode_util.cc, src/wasm.cc, include/proxy-wasm/wasm.h';

function source(commit: string, date: string): HostSource {
  return { repo: UCH, commit, date, facts: `uch-${commit}` };
}

/** What every upstream table shares; each table below states only what differs. */
const base = {
  abiVersions: ['0.1.0', '0.2.0', '0.2.1'],
  hostFeatures: [],
  wasiSignatureOverrides: {},
  // StopIteration from a headers callback always becomes StopAllIterationAndWatermark (UCH src/context.cc).
  headersStopIterationPassThrough: [],
  maxBufferType: 8,
  maxMemoryBytes: ONE_GIB,
  // UCH e55d150 (2026-03-03) calls __main_void; no pinned commit before 09e5f8d has it.
  callsMainVoid: false,
  // Envoy refuses a second proxy_send_local_response on a stream (source/extensions/common/wasm/context.cc).
  localReplyOncePerStream: true,
  streamIdleTimeoutMs: STREAM_IDLE_TIMEOUT_MS,
  recoverMinIntervalSeconds: null,
  // source/extensions/common/wasm/foreign.cc (read at Envoy 1.27; unchanged names assumed later).
  foreignFunctions: ENVOY_FOREIGN_FUNCTIONS,
} as const satisfies Partial<HostProfile>;

/** W15 hosts: the 15 original WASI functions, no poll_oneoff. */
const w15 = {
  ...base,
  wasiGroups: ['initial'],
  startAllowList: START_ALLOW_2024,
  allocatorAllowList: ALLOC_ALLOW_2020,
  pollOneoffErrno: null,
  headersStopIterationOption: null,
} as const satisfies Partial<HostProfile>;

/** W18 hosts: + fd_fdstat_set_flags, sched_yield, poll_oneoff answering 52 (PR proxy-wasm-cpp-host#427). */
const w18 = {
  ...w15,
  wasiGroups: ['initial', 'fdflags-yield-poll'],
  startAllowList: START_ALLOW_W18,
  pollOneoffErrno: 52,
  // Envoy >= 1.32 appends the chunk before exposing the buffered body (envoyproxy/envoy#36411).
  bodyBufferSemantics: 'envoy-1.32',
} as const satisfies Partial<HostProfile>;

export const envoy126: HostProfile = {
  ...w15,
  id: 'envoy-1.26',
  title: 'Envoy 1.26 (proxy-wasm-cpp-host 8aa8053)',
  sources: [`${UCH}@8aa8053 (2023-03-20): ${FILES}`, 'envoyproxy/envoy e7543a0d49 (Release v1.26.0): bazel/repository_locations.bzl'],
  hostSource: source('8aa8053', '2023-03-20'),
  // Before envoyproxy/envoy#36411 (1.32) the buffered body lacks the current chunk (#35884).
  bodyBufferSemantics: 'envoy-1.27',
};

export const envoy127: HostProfile = {
  ...envoy126,
  id: 'envoy-1.27',
  title: 'Envoy 1.27 – 1.28 (proxy-wasm-cpp-host 5d76116)',
  sources: [`${UCH}@5d76116 (2023-06-01): ${FILES}`, 'envoyproxy/envoy 7bba38b743 (v1.27.0) … 4848d6d548 (v1.28.7): bazel/repository_locations.bzl'],
  hostSource: source('5d76116', '2023-06-01'),
};

export const envoy129: HostProfile = {
  ...envoy126,
  id: 'envoy-1.29',
  title: 'Envoy 1.29 – 1.31 (proxy-wasm-cpp-host e200fee)',
  sources: [`${UCH}@e200fee (2023-12-19): ${FILES}`, 'envoyproxy/envoy a6d1d66a62 (v1.29.0) … 688c4bbe47 (v1.31.5): bazel/repository_locations.bzl'],
  hostSource: source('e200fee', '2023-12-19'),
};

export const envoy1320: HostProfile = {
  ...w15,
  id: 'envoy-1.32.0',
  title: 'Envoy 1.32.0 – 1.32.12 (proxy-wasm-cpp-host f199214)',
  sources: [`${UCH}@f199214 (2024-08-19): ${FILES}`, 'envoyproxy/envoy 1175a4fa68 (bump, #35859); 86dc7ef91c (v1.32.0) … fbbda16f23 (v1.32.12): bazel/repository_locations.bzl', 'envoyproxy/envoy#36411: buffered body includes the current chunk'],
  hostSource: source('f199214', '2024-08-19'),
  bodyBufferSemantics: 'envoy-1.32',
};

export const envoy13213: HostProfile = {
  ...w18,
  id: 'envoy-1.32.13',
  title: 'Envoy 1.32.13 – 1.34 (proxy-wasm-cpp-host c4d7bb0)',
  sources: [`${UCH}@c4d7bb0 (2024-12-19): ${FILES}`, 'envoyproxy/envoy 34abaa4000 (bump, #37868), backported as 7441c532fe; 0c686a2237 (v1.32.13), b0f43d67aa (v1.33.0), 5251fec52e (v1.34.12): bazel/repository_locations.bzl'],
  hostSource: source('c4d7bb0', '2024-12-19'),
};

export const envoy135: HostProfile = {
  ...w18,
  id: 'envoy-1.35',
  title: 'Envoy 1.35 – 1.36 (proxy-wasm-cpp-host 65bb78f)',
  sources: [`${UCH}@65bb78f (2025-07-12): ${FILES}, src/context.cc (allow_on_headers_stop_iteration_, 7a212bc)`, 'envoyproxy/envoy 274d68f029 (#40213: PluginConfig.allow_on_headers_stop_iteration); 84305a6cb6 (v1.35.0) … bad8280de8 (v1.36.4): bazel/repository_locations.bzl'],
  hostSource: source('65bb78f', '2025-07-12'),
  headersStopIterationOption: 'allow_on_headers_stop_iteration',
};

export const envoy137: HostProfile = {
  ...envoy135,
  id: 'envoy-1.37',
  title: 'Envoy 1.37 (proxy-wasm-cpp-host c8868da)',
  sources: [`${UCH}@c8868da (2025-11-24): ${FILES}`, 'envoyproxy/envoy c6c5a8e404 (bump, #42634, 2025-12-15): bazel/repository_locations.bzl on main before the 1.37 cut (the v1.37.0 tag itself was not read)'],
  hostSource: source('c8868da', '2025-11-24'),
  startAllowList: START_ALLOW_W18E,
};

export const envoy138: HostProfile = {
  ...envoy137,
  id: 'envoy-1.38',
  title: 'Envoy 1.38 (proxy-wasm-cpp-host beb8a4e)',
  sources: [`${UCH}@beb8a4e (2026-01-15): ${FILES}`, 'envoyproxy/envoy#43023 (bump to beb8a4e, 2026-01-15) and #44526 (2026-04-20: still without the Go WASI calls): main until 2026-06-22 (the v1.38.0 tag itself was not read)'],
  hostSource: source('beb8a4e', '2026-01-15'),
};

/** Upstream main as Envoy's main branch runs it since 2026-06-22: no released Envoy yet. */
export const envoyMain: HostProfile = {
  ...w18,
  id: 'envoy-main',
  title: 'Envoy main (proxy-wasm-cpp-host 52a0291, no release yet)',
  sources: [
    `${UCH}@52a0291 (2026-07-01): ${FILES}, src/context.cc`,
    'envoyproxy/envoy#45756 (proxy_wasm_cpp_host -> 09e5f8d, 2026-06-22); source/extensions/common/wasm/context.cc (DefaultAllowOnHeadersStopIteration = false)',
  ],
  hostSource: source('52a0291', '2026-07-01'),
  wasiGroups: ['initial', 'fdflags-yield-poll', 'stubs-2025'],
  // UCH 14fa83a (2025-11-20) also allows emscripten_notify_memory_growth during start.
  startAllowList: [...START_ALLOW_2025, 'env.emscripten_notify_memory_growth'],
  // include/proxy-wasm/wasm.h allocMemory: upstream still restricts hostcalls made by malloc.
  allocatorAllowList: [...ALLOC_ALLOW_2020, 'poll_oneoff'],
  // UCH 94091cd: writes nevents = 0 and returns 0.
  pollOneoffErrno: 0,
  callsMainVoid: true,
  headersStopIterationOption: 'allow_on_headers_stop_iteration',
};

export const UPSTREAM_TABLES: readonly HostProfile[] = [envoy126, envoy127, envoy129, envoy1320, envoy13213, envoy135, envoy137, envoy138, envoyMain];
