import type { AbiVersion, HostFeature, Signature, WasiGroup } from '../symbols.js';
import type { HOST_TABLE_IDS } from './ids.js';

/** A host table's id: one per proxy-wasm-cpp-host commit (plus gateway switches) some release runs. */
export type HostId = (typeof HOST_TABLE_IDS)[number];

/** The proxy-wasm-cpp-host commit a table was read from, and its entry in facts/host-facts.json. */
export interface HostSource {
  readonly repo: 'proxy-wasm/proxy-wasm-cpp-host' | 'higress-group/proxy-wasm-cpp-host';
  /** The commit the gateway pins (short sha). */
  readonly commit: string;
  /** Its `release_date` / commit date. */
  readonly date: string;
  /** Key in facts/host-facts.json this table is checked against (test/profiles.test.ts). */
  readonly facts: string;
  /** Set when the pinned commit itself was not read and `facts` is the nearest one read. */
  readonly factsNote?: string;
}

/**
 * A host profile: everything in which one real gateway's proxy-wasm host differs from another,
 * as data. Code reads these fields; it never branches on the profile id.
 */
export interface HostProfile {
  readonly id: HostId;
  /** One line for humans: which gateways this profile stands for. */
  readonly title: string;
  /** Repositories and commits this profile follows. */
  readonly sources: readonly string[];
  /** The host library commit behind the registered functions, WASI set, ABI markers and allow-lists. */
  readonly hostSource: HostSource;
  /** ABI marker versions the host recognises (bytecode_util.cc). */
  readonly abiVersions: readonly AbiVersion[];
  /** Optional groups of host functions the host registers. */
  readonly hostFeatures: readonly HostFeature[];
  /** WASI groups the host registers (under both wasi_unstable and wasi_snapshot_preview1). */
  readonly wasiGroups: readonly WasiGroup[];
  /** The host's own signatures where they differ from the shared table (e.g. HCH path_rename). */
  readonly wasiSignatureOverrides: Readonly<Record<string, Signature>>;
  /**
   * Hostcalls allowed while `_initialize` / `main` / `_start` run (WasmBase::startVm); any other
   * import traps with `restricted_callback`. `env.*` names are qualified; bare names are WASI
   * functions and apply under both WASI modules.
   */
  readonly startAllowList: readonly string[];
  /** Hostcalls allowed while the allocator runs; `null` when the host does not restrict them. */
  readonly allocatorAllowList: readonly string[] | null;
  /** ABI versions for which StopIteration (1) from a headers callback passes through unchanged. */
  readonly headersStopIterationPassThrough: readonly AbiVersion[];
  /** Largest valid BufferType (8 upstream; 9 = RedisCallResponse in Higress). */
  readonly maxBufferType: number;
  /** Largest memory the host lets a module grow to, in bytes. */
  readonly maxMemoryBytes: number;
  /** UCH calls `__main_void()` after `_initialize` when `main` is absent. */
  readonly callsMainVoid: boolean;
  /** Envoy 1.27 refuses a second `proxy_send_local_response` on one stream with BadArgument. */
  readonly localReplyOncePerStream: boolean;
  /**
   * `envoy-1.27`: after StopIterationAndBuffer the body buffer exposed to the next body callback
   * does not yet contain the current chunk (envoyproxy/envoy#35884); `envoy-1.32`: it does.
   */
  readonly bodyBufferSemantics: 'envoy-1.27' | 'envoy-1.32';
  /** HCM stream idle timeout, what ends a stopped stream on the gateway. */
  readonly streamIdleTimeoutMs: number;
  /** Higress recovers a failed VM at most once per this many seconds; `null`: no recovery. */
  readonly recoverMinIntervalSeconds: number | null;
  /**
   * What `poll_oneoff` answers (when the WASI set has it): 52 (ENOSYS, nothing written: UCH
   * c4d7bb0 … beb8a4e, HCH 503d013) or 0 with nevents = 0 (UCH 94091cd+, HCH cde187a+).
   * Go's runtime throws on anything but 0 (golang/go#78513). null: not registered.
   */
  readonly pollOneoffErrno: 0 | 52 | null;
  /**
   * The gateway's plugin option that lets StopIteration from a headers callback pass through
   * (Envoy >= 1.35: `allow_on_headers_stop_iteration`, default false); null where there is none.
   */
  readonly headersStopIterationOption: string | null;
  /** Names `proxy_call_foreign_function` answers. */
  readonly foreignFunctions: readonly string[];
}
