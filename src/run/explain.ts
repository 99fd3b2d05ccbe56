/**
 * Cause and fix of a stopped stream, in the words of issue 4's example: which callback stopped
 * it, the raw value, the conversion the profile applied and why, what the gateway does next,
 * and how to fix the plugin. Facts: proxy-wasm-abi.md §5–§7, higress.md §1.4.
 */
import {
  FilterDataStatus,
  FilterHeadersStatus,
  FilterTrailersStatus,
  markerForAbi,
  type AbiVersion,
  type HostProfile,
  type StopInfo,
} from 'proxy-wasm-host-mock';
import { firstReleases } from '../hosts/first-release.js';
import type { ToolchainId } from '../inspect/types.js';
import type { RuleArgs } from '../rules/catalog.js';

export type Direction = 'request' | 'response';

export interface HangContext {
  readonly profile: HostProfile;
  readonly abi: AbiVersion | undefined;
  /** "POST /v1/chat/completions" (the response side says "the response to …"). */
  readonly request: string;
  readonly direction: Direction;
  /** The headers of this direction came with end_of_stream (no body, no trailers). */
  readonly headersOnly: boolean;
  /** The peer sent the whole direction (decides 504 vs 408 on the request side). */
  readonly peerComplete: boolean;
  /** The client already got response headers (an idle timeout then resets the stream). */
  readonly clientHasHeaders: boolean;
  /** `PLUGIN_NAME=… EXTRA_TAGS=… make build` from the plugin's .buildrc, or ''. */
  readonly rebuildCommand: string;
  /** The plugin has a .buildrc (Higress wasm-go build), with or without the 0.2.100 tag. */
  readonly hasBuildRc: boolean;
  /** The toolchain the module was fingerprinted as: the advice names its SDK's calls. */
  readonly toolchain: ToolchainId;
  /** The plugin sent a second local reply on this stream, which Envoy 1.27 refused. */
  readonly secondLocalReply: boolean;
  /** The module exports this direction's body callback (so it may be waiting for the body). */
  readonly bodyCallbackExported: boolean;
}

const NAMES: Record<'headers' | 'body' | 'trailers', Readonly<Record<string, number>>> = {
  headers: FilterHeadersStatus,
  body: FilterDataStatus,
  trailers: FilterTrailersStatus,
};

export function kindOf(callback: string): 'headers' | 'body' | 'trailers' | 'other' {
  if (callback.endsWith('_headers')) return 'headers';
  if (callback.endsWith('_body')) return 'body';
  if (callback.endsWith('_trailers')) return 'trailers';
  return 'other';
}

/** "StopIteration" for 1 from a headers callback; the number itself when out of range. */
export function statusName(callback: string, value: number): string {
  const kind = kindOf(callback);
  if (kind === 'other') return String(value);
  return Object.entries(NAMES[kind]).find(([, v]) => v === value)?.[0] ?? `an out-of-range value`;
}

function streamType(dir: Direction): number {
  return dir === 'request' ? 0 : 1;
}

/** The SDK call that resumes a direction, per toolchain; the raw ABI call where no SDK is known. */
const RESUME: Partial<Record<ToolchainId, Record<Direction, string>>> = {
  go: { request: 'Go SDK: proxywasm.ResumeHttpRequest()', response: 'Go SDK: proxywasm.ResumeHttpResponse()' },
  tinygo: { request: 'Go SDK: proxywasm.ResumeHttpRequest()', response: 'Go SDK: proxywasm.ResumeHttpResponse()' },
  rust: { request: 'Rust SDK: self.resume_http_request()', response: 'Rust SDK: self.resume_http_response()' },
  // @solo-io/proxy-runtime 0.1.8 assembly/runtime.ts: BaseContext.continueRequest(), continue_response().
  assemblyscript: { request: '@solo-io/proxy-runtime: this.continueRequest()', response: '@solo-io/proxy-runtime: continue_response()' },
  cpp: { request: 'C++ SDK: continueRequest()', response: 'C++ SDK: continueResponse()' },
};

export function resumeCall(dir: Direction, toolchain: ToolchainId): string {
  const sdk = RESUME[toolchain]?.[dir];
  return `proxy_continue_stream(${streamType(dir)})${sdk === undefined ? '' : ` (${sdk})`}`;
}

/**
 * How this module could export 0.2.100, if its toolchain can: only the Higress Go SDKs export it
 * (higress.md §1.4: the TinyGo line behind the proxy_wasm_version_0_2_100 tag, the Go 1.24 line always).
 */
function rebuildFor(ctx: HangContext, want: string): string | undefined {
  if (ctx.rebuildCommand !== '') return `Rebuild with the tag the plugin's .buildrc asks for, so the module exports ${want}: ${ctx.rebuildCommand}`;
  if (ctx.toolchain === 'tinygo') {
    return ctx.hasBuildRc
      ? `Add EXTRA_TAGS=proxy_wasm_version_0_2_100 to the plugin's .buildrc and rebuild, so the module exports ${want}`
      : `Rebuild with the Higress TinyGo SDK's tag (tinygo build -tags proxy_wasm_version_0_2_100), so the module exports ${want}`;
  }
  if (ctx.toolchain === 'go') return `Build with the Higress Go SDK (github.com/higress-group/proxy-wasm-go-sdk, go-1.24 line), which exports ${want}`;
  return undefined;
}

/** The gateway's own end of a stopped stream: the HCM stream idle timeout (HE127 onIdleTimeout). */
export function idleTimeoutText(ctx: HangContext): string {
  const seconds = Math.round(ctx.profile.streamIdleTimeoutMs / 1000);
  if (ctx.direction === 'response' && ctx.clientHasHeaders) {
    return `Envoy resets the stream after the ${seconds} s stream idle timeout, with the response half sent`;
  }
  const code = ctx.direction === 'request' && !ctx.peerComplete ? 408 : 504;
  return `Envoy answers ${code} "stream timeout" after the ${seconds} s stream idle timeout`;
}

export function hangArgs(stop: StopInfo, ctx: HangContext): RuleArgs<'WV3006'> & { readonly abiCause: boolean } {
  const { converted, fix, abiCause } = cause(stop, ctx);
  return {
    request: ctx.direction === 'request' ? ctx.request : `The response to ${ctx.request}`,
    callback: stop.callback,
    value: stop.returned,
    valueName: statusName(stop.callback, stop.returned),
    converted,
    timeout: idleTimeoutText(ctx),
    fix,
    abiCause,
  };
}

/** `abiCause`: the stop comes from the host's conversion or the ABI's rules, whatever else is pending. */
function cause(stop: StopInfo, ctx: HangContext): { converted: string; fix: string; abiCause: boolean } {
  const kind = kindOf(stop.callback);
  const dir = ctx.direction;
  const resume = resumeCall(dir, ctx.toolchain);
  const marker = ctx.abi === undefined ? 'no known ABI marker' : markerForAbi(ctx.abi);
  const passThrough = ctx.profile.headersStopIterationPassThrough;
  const body = ctx.headersOnly ? `holds the ${dir}` : `never delivers the ${dir} body`;
  // The host's reasons are sentences; inside ours they lose their final period.
  const reason = stop.reason.replace(/\.$/, '');

  if (ctx.secondLocalReply) {
    return {
      converted: `the gateway applies ${stop.status} (${reason}): the plugin called it a second time, for the response of its own local reply, and Envoy 1.27 refused that reply (BadArgument) but still stopped the ${dir}`,
      fix: `Send one local reply per stream: proxy_on_response_headers and _body also run for the plugin's own local reply, so remember that the stream was answered and do not call proxy_send_local_response again from them.`,
      abiCause: true,
    };
  }
  if (kind === 'headers' && stop.returned === 1 && stop.status === 'StopAllIterationAndWatermark') {
    // The conversion is the cause when the plugin can only be waiting for the body it withholds.
    const waitsForBody = !ctx.headersOnly && ctx.bodyCallbackExported;
    if (passThrough.length > 0) {
      const want = passThrough.map(markerForAbi).join(' or ');
      const rebuild = rebuildFor(ctx, want);
      const sdkNote = ctx.toolchain === 'assemblyscript' ? ' (@solo-io/proxy-runtime exports only proxy_abi_version_0_2_0)' : '';
      return {
        converted: `this module exports ${marker}, so the gateway turns that into StopAllIterationAndWatermark and ${body}`,
        fix:
          rebuild === undefined
            ? `Call ${resume} when the headers are handled, or return Continue from the headers and do the work in the body callback${sdkNote}.`
            : `${rebuild}; or call ${resume} when the headers are handled.`,
        abiCause: waitsForBody,
      };
    }
    const rebuild = rebuildFor(ctx, 'proxy_abi_version_0_2_100');
    const higress = rebuild === undefined ? '' : `; for Higress only, ${rebuild.charAt(0).toLowerCase()}${rebuild.slice(1)}`;
    // The option exists from the release the profile data says (Envoy 1.35, PR envoyproxy/envoy#40213).
    const option = ctx.profile.headersStopIterationOption;
    const since = firstReleases((p) => p.headersStopIterationOption !== null);
    const knob =
      option === null
        ? `this release has no option to keep it${since === '' ? '' : `; ${since} added allow_on_headers_stop_iteration`}`
        : `its plugin option ${option} is off by default`;
    const setIt = option === null ? '' : `; or set ${option}: true in the plugin's configuration (PluginConfig)`;
    return {
      converted: `the gateway turns StopIteration from a headers callback into StopAllIterationAndWatermark for every ABI version (${knob}), so it ${body}`,
      fix: `Call ${resume} when the plugin is done, or return Continue from the headers and do the work in the body callback${setIt}${higress}.`,
      abiCause: waitsForBody,
    };
  }
  if (kind === 'headers' && stop.status === 'StopIteration' && ctx.headersOnly) {
    return {
      converted: `this module exports ${marker}, so the gateway keeps StopIteration and waits for a body callback to continue, but this ${dir} has no body, so none comes`,
      fix: `When the headers arrive with end_of_stream, return Continue or call ${resume}.`,
      abiCause: true,
    };
  }
  if (kind === 'headers' && stop.status === 'StopIteration') {
    return {
      converted: `the gateway keeps StopIteration (${marker}), delivers the body, but no body callback returned Continue`,
      fix: `Return Continue from the body callback at end_of_stream, or call ${resume}.`,
      abiCause: false,
    };
  }
  // A plugin that returned Continue was stopped by the host: "return Continue" would not help.
  const orContinue = stop.returned === 0 ? '' : ', or return Continue';
  if (kind === 'headers') {
    return {
      converted: `the gateway applies ${stop.status} (${reason}), which holds the ${dir} and its body until the plugin continues it`,
      fix: `Call ${resume} when the plugin is done${orContinue}.`,
      abiCause: false,
    };
  }
  if (kind === 'body') {
    return {
      converted: `the gateway applies ${stop.status} to the last ${dir} body chunk (end_of_stream), so no further body callback comes to continue it`,
      fix: `Return Continue from the body callback when end_of_stream is true, or call ${resume}.`,
      abiCause: false,
    };
  }
  if (kind === 'trailers') {
    return {
      converted: `the trailers end the ${dir}, so no further callback comes to continue it`,
      fix: `Return Continue from the trailers callback, or call ${resume}.`,
      abiCause: false,
    };
  }
  return { converted: `the gateway applies ${stop.status} (${reason})`, fix: `Call ${resume} when the plugin is done.`, abiCause: false };
}

/** Fix text of a stall: resume from the callback that handles the awaited work. */
export function stallFix(dir: Direction, toolchain: ToolchainId): string {
  return `Resume the stream where the awaited work completes: in that callback switch to the stream with proxy_set_effective_context and call ${resumeCall(dir, toolchain)}; or reply with proxy_send_local_response.`;
}
