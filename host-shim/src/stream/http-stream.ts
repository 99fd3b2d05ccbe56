/**
 * An HTTP stream through this one filter and the router, as Envoy 1.27 drives it: the public
 * send* API (driver side) and StreamAccess (hostcall side). Direction logic is in direction.ts.
 */
import { EMPTY, toBytes } from '../bytes.js';
import { type HostBuffer, type HostCore } from '../core.js';
import { HeaderMap } from '../header-map.js';
import { step } from '../step.js';
import { StreamType, WasmResult } from '../symbols.js';
import type { BodyInput, DownstreamView, HeaderPairs, HttpStream, LocalReply, StepResult, StreamFlags, StreamOptions, StreamState, UpstreamView } from '../types.js';
import { downstreamView, requestId, streamState, upstreamView } from './views.js';
import type { LocalResponseRequest, StreamAccess, StreamMapType } from './access.js';
import { Direction, type DirectionOwner, type Side } from './direction.js';
import { sendLocalReply, type ReplyInput } from './local-reply.js';
import { streamPropertyOf } from './properties.js';

export class HttpStreamImpl implements HttpStream, StreamAccess, DirectionOwner {
  readonly req: Direction;
  readonly res: Direction;
  readonly filterState = new Map<string, Uint8Array>();
  accessLogPhase = false;
  /** in_vm_context_created_ */
  created = false;
  destroyed = false;
  done = false;
  /** failure_local_reply_sent_ */
  failureReplySent = false;
  localReply: LocalReply | undefined;
  localReplyRequested = false;
  reset: { details: string; by: 'plugin' | 'host' } | undefined;
  responseCode: number | undefined;
  responseCodeDetails: string | undefined;
  failedVm: 'open' | 'closed' | undefined;
  upstreamReset = false;
  downstreamReset = false;
  overrideHost: string | undefined;
  readonly startMs: number;

  constructor(
    readonly core: HostCore,
    readonly contextId: number,
    readonly rootId: number,
    private readonly options: StreamOptions,
    private readonly finishHook: (s: HttpStreamImpl) => void,
  ) {
    this.req = new Direction('request', this);
    this.res = new Direction('response', this);
    this.startMs = core.clock.nowMs;
  }

  // ------------------------------------------------------------ DirectionOwner

  pluginCallable(side: Side): boolean {
    if (!this.created || this.destroyed) return false;
    return side === 'request' || !this.failureReplySent;
  }

  checkFail(): 'ok' | 'open' | 'closed' {
    if (this.core.vm.failure === undefined) return 'ok';
    if (this.core.opts.failOpen) {
      this.failedVm ??= 'open';
      return 'open';
    }
    this.failedVm = 'closed';
    if (!this.failureReplySent) {
      this.failureReplySent = true;
      // Context::failStream: 503, grpc Unavailable, details wasm_fail_stream, sent at once.
      this.deliverLocalReply({ status: 503, details: 'wasm_fail_stream', body: EMPTY, headers: [], grpcStatus: 14 }, 'fail-closed');
    }
    return 'closed';
  }

  overLimit(side: Side): void {
    const reply = side === 'request'
      ? { status: 413, details: 'request_payload_too_large', body: toBytes('Payload Too Large') }
      : { status: 500, details: 'response_payload_too_large', body: toBytes('Internal Server Error') };
    this.core.deferred.push(() => this.deliverLocalReply({ ...reply, headers: [], grpcStatus: -1 }, 'buffer-limit'));
  }

  forwarded(side: Side): void {
    if (side === 'response' && this.res.out.eos) this.core.deferred.push(() => this.finish());
  }

  // ------------------------------------------------------------ driver API

  sendRequestHeaders(headers: HeaderPairs, endOfStream: boolean): StepResult {
    return this.step(() => {
      const map = new HeaderMap(headers);
      // The HCM adds these before any filter runs (num_headers counts them).
      if (map.get('x-request-id') === undefined) map.add('x-request-id', requestId(this.core));
      if (map.get('x-forwarded-proto') === undefined) map.add('x-forwarded-proto', map.get(':scheme') ?? 'http');
      this.onCreate();
      this.req.onHeaders(map, endOfStream);
    });
  }

  sendRequestBody(chunk: BodyInput, endOfStream: boolean): StepResult {
    return this.step(() => this.req.onData(toBytes(chunk), endOfStream));
  }

  sendRequestTrailers(trailers: HeaderPairs): StepResult {
    return this.step(() => this.req.onTrailers(new HeaderMap(trailers)));
  }

  sendResponseHeaders(headers: HeaderPairs, endOfStream: boolean): StepResult {
    return this.step(() => {
      const map = new HeaderMap(headers);
      const status = Number(map.get(':status'));
      this.responseCode = Number.isFinite(status) ? status : undefined;
      this.responseCodeDetails ??= 'via_upstream';
      this.res.onHeaders(map, endOfStream);
    });
  }

  sendResponseBody(chunk: BodyInput, endOfStream: boolean): StepResult {
    return this.step(() => this.res.onData(toBytes(chunk), endOfStream));
  }

  sendResponseTrailers(trailers: HeaderPairs): StepResult {
    return this.step(() => this.res.onTrailers(new HeaderMap(trailers)));
  }

  complete(): StepResult {
    return this.step(() => this.finish());
  }

  timeout(): StepResult {
    return this.step(() => {
      if (this.done) return;
      // HCM onIdleTimeout: 408 if the request was not fully received, else 504.
      const status = this.req.complete ? 504 : 408;
      this.deliverLocalReply({ status, details: 'stream_idle_timeout', body: toBytes('stream timeout'), headers: [], grpcStatus: -1 }, 'stream-idle-timeout');
      this.finish();
    });
  }

  private step(fn: () => void): StepResult {
    if (this.done) return { calls: [], trapped: false };
    return step(this.core, fn);
  }

  /** Context::onCreate: proxy_on_context_create(ctx, root) once, unless the VM failed. */
  onCreate(): void {
    if (this.created || this.core.vm.failure !== undefined) return;
    this.core.vm.invokeCallback('proxy_on_context_create', [this.contextId, this.rootId], this.contextId);
    this.created = this.core.vm.failure === undefined;
  }

  /** End of stream: log() then onDestroy() → proxy_on_log, proxy_on_done, proxy_on_delete. */
  finish(): void {
    if (this.done) return;
    this.done = true;
    this.onCreate(); // log() creates the context if decodeHeaders never ran
    const vm = this.core.vm;
    if (this.created && !this.destroyed) {
      this.accessLogPhase = true;
      vm.invokeCallback('proxy_on_log', [this.contextId], this.contextId);
      this.accessLogPhase = false;
      this.destroyed = true;
      vm.invokeCallback('proxy_on_done', [this.contextId], this.contextId);
      vm.invokeCallback('proxy_on_delete', [this.contextId], this.contextId);
    }
    this.finishHook(this);
  }

  /** Sends a local reply now (inside an after-call action). */
  deliverLocalReply(r: ReplyInput, source: LocalReply['source']): void {
    sendLocalReply(this, r, source);
  }

  // ------------------------------------------------------------ StreamAccess

  constMap(type: StreamMapType): HeaderMap | undefined {
    const d = type < 2 ? this.req : this.res;
    const trailers = type === 1 || type === 3;
    if (this.accessLogPhase) return type === 1 ? undefined : trailers ? d.trailers : d.headers;
    return trailers ? (d.trailersPtr ? d.trailers : undefined) : d.headersPtr ? d.headers : undefined;
  }

  mutableMap(type: StreamMapType): HeaderMap | undefined {
    const d = type < 2 ? this.req : this.res;
    if (type === 1 || type === 3) {
      if (!d.trailersPtr && d.chunk !== undefined && d.endOfStream) return d.addTrailers();
      return d.trailersPtr ? d.trailers : undefined;
    }
    return d.headersPtr ? d.headers : undefined;
  }

  body(type: 0 | 1): HostBuffer {
    return (type === 0 ? this.req : this.res).bodyBuffer();
  }

  continueStream(type: number): number {
    if (type === StreamType.Upstream) return WasmResult.Unimplemented;
    if (type === StreamType.Downstream) return WasmResult.Ok; // no network filter callbacks on an HTTP stream
    const d = type === StreamType.Request ? this.req : this.res;
    this.core.deferred.push(() => {
      if (!this.done) d.resume(true);
    });
    // HE127 continueStream drops the request-side pointers for both Request and Response.
    this.req.headersPtr = false;
    this.req.trailersPtr = false;
    this.req.chunk = undefined;
    return WasmResult.Ok;
  }

  closeStream(type: number): number {
    if (type === StreamType.Request || type === StreamType.Response) {
      this.responseCodeDetails ??= 'wasm_close_stream';
      this.core.deferred.push(() => {
        if (this.done) return;
        this.reset = { details: this.responseCodeDetails ?? 'wasm_close_stream', by: 'plugin' };
        this.upstreamReset = this.req.out.headers !== undefined && !this.res.out.eos;
        this.downstreamReset = true;
        this.finish();
      });
    }
    return WasmResult.Ok;
  }

  sendLocalResponse(r: LocalResponseRequest): number {
    if (this.localReplyRequested && this.core.profile.localReplyOncePerStream) {
      this.core.notes.push({ kind: 'second_local_reply', streamId: this.contextId, callback: this.core.vm.outerCallback() });
      return WasmResult.BadArgument;
    }
    this.localReplyRequested = true;
    // StringUtil::replaceAllEmptySpace on the details.
    const details = r.details.replace(/\s/g, '_');
    const callback = this.core.vm.outerCallback();
    this.core.deferred.push(() => sendLocalReply(this, { ...r, details }, 'plugin', callback));
    return WasmResult.Ok;
  }

  streamProperty(path: readonly string[]) {
    const now = this.core.clock.nowMs;
    return streamPropertyOf(
      {
        requestHeaders: this.accessLogPhase ? this.req.headers : this.constMap(0),
        responseHeaders: this.accessLogPhase ? this.res.headers : this.constMap(2),
        responseTrailers: this.accessLogPhase ? this.res.trailers : this.constMap(3),
        protocol: this.options.protocol ?? 'HTTP/1.1',
        startTimeNs: BigInt(Math.round((this.core.opts.startTimeMs + this.startMs) * 1e6)),
        durationNs: BigInt(Math.round((now - this.startMs) * 1e6)),
        requestBytes: this.req.received.bodyBytes,
        responseBytes: this.res.received.bodyBytes,
        responseCode: this.responseCode,
        responseCodeDetails: this.responseCodeDetails,
        connectionId: this.contextId,
        overrides: this.options.properties ?? {},
        hostProperties: this.core.opts.properties,
      },
      path,
    );
  }

  injectEncodedData(data: Uint8Array, endOfStream: boolean): void {
    if (this.done) return;
    if (data.length > 0) this.res.out.chunks.push(data);
    if (endOfStream) {
      this.res.out.eos = true;
      this.core.deferred.push(() => this.finish());
    }
  }

  abandon(): void {
    this.done = true;
    this.destroyed = true;
  }

  setUpstreamOverrideHost(address: string): void {
    this.overrideHost = address;
    this.core.overrideHosts.set(this.contextId, address);
  }

  // ------------------------------------------------------------ observation

  flags(): StreamFlags {
    return { done: this.done, localReply: this.localReply !== undefined, reset: this.reset !== undefined, upstreamComplete: this.req.out.eos, downstreamComplete: this.res.out.eos };
  }

  get state(): StreamState {
    return streamState(this);
  }

  get upstream(): UpstreamView {
    return upstreamView(this);
  }

  get downstream(): DownstreamView {
    return downstreamView(this);
  }
}

