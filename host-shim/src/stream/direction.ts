/**
 * One direction (decoder = request, encoder = response) of Envoy's filter manager as this single
 * filter sees it (HE127 source/common/http/filter_manager.cc: decodeHeaders/decodeData/
 * decodeTrailers, handleDataIfStopAll, commonHandleAfterDataCallback, commonContinue) plus the
 * Wasm filter's own bookkeeping (HE127 context.cc decodeHeaders/decodeData/decodeTrailers).
 */
import { concat, EMPTY } from '../bytes.js';
import type { HostBuffer, HostCore } from '../core.js';
import { HeaderMap } from '../header-map.js';
import type { CallOutcome, StopInfo } from '../types.js';
import { runFilterCallback, type FilterCall } from './callback.js';
import { convertData, convertHeaders, convertTrailers, type Converted } from './status.js';

export type Side = 'request' | 'response';
type Iteration = 'continue' | 'stopSingle' | 'stopAllBuffer' | 'stopAllWatermark';

/** The stream services a direction needs. */
export interface DirectionOwner {
  readonly core: HostCore;
  readonly contextId: number;
  /** The plugin may be called now (context created, not destroyed, no failure reply sent). */
  pluginCallable(side: Side): boolean;
  /** CHECK_FAIL: the VM is failed; returns true when fail-open lets traffic pass. */
  checkFail(): 'ok' | 'open' | 'closed';
  /** Body held beyond the buffer limit (StopIterationAndBuffer): 413 / 500. */
  overLimit(side: Side): void;
  /** The direction passed something on; the stream may be complete now. */
  forwarded(side: Side): void;
}

export interface Forwarded {
  headers?: Array<[string, string]>;
  chunks: Uint8Array[];
  trailers?: Array<[string, string]>;
  eos: boolean;
}

const CALLBACKS: Readonly<Record<Side, readonly [string, string, string]>> = {
  request: ['proxy_on_request_headers', 'proxy_on_request_body', 'proxy_on_request_trailers'],
  response: ['proxy_on_response_headers', 'proxy_on_response_body', 'proxy_on_response_trailers'],
};

export class Direction {
  headers: HeaderMap | undefined;
  /** request_headers_ / response_headers_ is set: the map is reachable. */
  headersPtr = false;
  trailers: HeaderMap | undefined;
  trailersPtr = false;
  /** The current data frame while its body callback runs (request_body_buffer_). */
  chunk: { data: Uint8Array } | undefined;
  /** buffering_request_body_: the previous body callback returned StopIterationAndBuffer. */
  buffering = false;
  /** Body held by the filter manager for this filter. */
  buffered: { data: Uint8Array } | undefined;
  iteration: Iteration = 'continue';
  headersContinued = false;
  /** Trailers that arrived (or were added) and wait for the direction to continue. */
  trailersHeld: HeaderMap | undefined;
  complete = false;
  stop: StopInfo | undefined;
  /** end_of_stream_ as the last callback saw it. */
  endOfStream = false;
  readonly received = { headers: false, bodyBytes: 0, trailers: false, endOfStream: false };
  readonly out: Forwarded = { chunks: [], eos: false };
  /** The plugin is called no more for this direction (local reply took over). */
  aborted = false;

  constructor(
    readonly side: Side,
    private readonly owner: DirectionOwner,
  ) {}

  get stoppedAll(): boolean {
    return this.iteration === 'stopAllBuffer' || this.iteration === 'stopAllWatermark';
  }

  /** getBuffer(HttpRequestBody): the filter manager's buffer while buffering, else the frame, else empty. */
  bodyBuffer(): HostBuffer {
    const box = this.buffering && this.buffered !== undefined ? this.buffered : this.chunk;
    if (box === undefined) return { bytes: () => EMPTY, mutable: false, replace: () => undefined };
    return { bytes: () => box.data, mutable: true, replace: (d) => void (box.data = d) };
  }

  private stopInfo(callback: string, out: CallOutcome, conv: Converted, all: boolean): StopInfo {
    return { callback, returned: out.returned ?? 0, status: conv.name, reason: conv.reason, bodyCallbacksDelivered: !all, virtualTimeMs: this.owner.core.clock.nowMs };
  }

  private call(which: 0 | 1 | 2, args: number[], convert: (raw: number) => Converted, closed: Converted): FilterCall | undefined {
    return runFilterCallback(this.owner, CALLBACKS[this.side][which], args, convert, closed);
  }

  // ---------------------------------------------------------------- headers

  onHeaders(map: HeaderMap, eos: boolean): void {
    this.received.headers = true;
    this.received.endOfStream = eos;
    this.complete = eos;
    this.headers = map;
    if (this.aborted) return;
    // decodeHeaders always reaches onRequestHeaders (CHECK_FAIL); encodeHeaders first checks the context.
    if (this.side === 'response' && !this.owner.pluginCallable(this.side)) return this.continueHeaders();
    this.headersPtr = true;
    this.endOfStream = eos;
    const core = this.owner.core;
    const args = core.abi === '0.1.0' ? [this.owner.contextId, map.size] : [this.owner.contextId, map.size, eos ? 1 : 0];
    const closed = { code: 4, name: 'StopAllIterationAndWatermark', reason: 'the VM has failed (fail closed).' } as const;
    const r = this.call(0, args, (raw) => convertHeaders(core, raw), closed);
    if (r === undefined || r.conv.code === 0) {
      this.headersPtr = false; // Envoy nulls request_headers_ after Continue
      return this.continueHeaders();
    }
    const all = r.conv.code !== 1;
    this.iteration = r.conv.code === 3 ? 'stopAllBuffer' : all ? 'stopAllWatermark' : 'stopSingle';
    this.stop = this.stopInfo(CALLBACKS[this.side][0], r.out, r.conv, all);
  }

  private continueHeaders(): void {
    this.headersContinued = true;
    this.forwardHeaders(this.complete && this.trailersHeld === undefined);
  }

  // ---------------------------------------------------------------- data

  onData(data: Uint8Array, eos: boolean): void {
    this.received.bodyBytes += data.length;
    this.received.endOfStream ||= eos;
    if (eos) this.complete = true;
    if (this.aborted) return;
    if (this.stoppedAll) return this.bufferData(data, this.iteration === 'stopAllBuffer');
    if (!this.owner.pluginCallable(this.side)) return this.passData({ data }, false, eos);
    this.runDataCallback({ data }, false, eos);
  }

  /** Context::decodeData + commonHandleAfterDataCallback. `provided` may be the buffer itself (after StopAll). */
  private runDataCallback(provided: { data: Uint8Array }, isBuffered: boolean, eos: boolean): void {
    const core = this.owner.core;
    if (this.buffering && !isBuffered && core.opts.bodyBufferSemantics === 'envoy-1.32') {
      // Envoy ≥1.32 appends the frame to the buffer before the callback (envoyproxy/envoy#36411).
      this.appendBuffered(provided.data);
      provided.data = EMPTY;
    }
    this.chunk = provided;
    this.endOfStream = eos;
    const size = this.bodyBuffer().bytes().length;
    const closed = { code: 3, name: 'StopIterationNoBuffer', reason: 'the VM has failed (fail closed).' } as const;
    const r = this.call(1, [this.owner.contextId, size, eos ? 1 : 0], (raw) => convertData(core, raw), closed);
    this.chunk = undefined;
    const code = r?.conv.code ?? 0;
    this.buffering = code === 1;
    if (code === 0) return this.passData(provided, isBuffered, eos);
    if (r !== undefined) this.stop = this.stopInfo(CALLBACKS[this.side][1], r.out, r.conv, false);
    this.iteration = 'stopSingle';
    if (code === 1 || code === 2) {
      if (!isBuffered) this.appendBuffered(provided.data);
      if (code === 1) this.checkLimit();
    } else if (this.complete && this.trailersHeld === undefined && this.buffered === undefined) {
      this.buffered = { data: EMPTY }; // so that a later continue still ends the stream
    }
  }

  /** Data status Continue: resume a stopped direction, or pass the frame on. */
  private passData(provided: { data: Uint8Array }, isBuffered: boolean, eos: boolean): void {
    if (this.iteration === 'stopSingle') {
      if (!isBuffered) this.appendBuffered(provided.data);
      this.resume(false);
      return;
    }
    if (isBuffered) this.buffered = undefined;
    if (!this.headersContinued) this.continueHeaders();
    this.forwardData(provided.data, eos && this.trailersHeld === undefined);
    if (eos && this.trailersHeld !== undefined) this.forwardTrailersHeld();
  }

  private bufferData(data: Uint8Array, limited: boolean): void {
    this.appendBuffered(data);
    if (limited) this.checkLimit();
  }

  private appendBuffered(data: Uint8Array): void {
    this.buffered = { data: this.buffered === undefined ? data : concat([this.buffered.data, data]) };
  }

  private checkLimit(): void {
    if ((this.buffered?.data.length ?? 0) > this.owner.core.opts.bufferLimitBytes) this.owner.overLimit(this.side);
  }

  // ---------------------------------------------------------------- trailers

  onTrailers(map: HeaderMap): void {
    this.received.trailers = true;
    this.received.endOfStream = true;
    this.complete = true;
    if (this.aborted) return;
    if (this.stoppedAll) {
      this.trailersHeld = map;
      return;
    }
    if (!this.owner.pluginCallable(this.side)) return this.passTrailers(map);
    this.trailers = map;
    this.trailersPtr = true;
    const core = this.owner.core;
    const closed = { code: 1, name: 'StopIteration', reason: 'the VM has failed (fail closed).' } as const;
    const r = this.call(2, [this.owner.contextId, map.size], (raw) => convertTrailers(core, raw), closed);
    if (r === undefined || r.conv.code === 0) {
      this.trailersPtr = false;
      return this.passTrailers(map);
    }
    this.trailersHeld = map;
    this.iteration = 'stopSingle';
    this.stop = this.stopInfo(CALLBACKS[this.side][2], r.out, r.conv, false);
  }

  private passTrailers(map: HeaderMap): void {
    this.trailersHeld = map;
    if (this.iteration === 'stopSingle') return this.resume(false);
    if (!this.headersContinued) this.continueHeaders();
    if (this.buffered !== undefined) {
      const b = this.buffered.data;
      this.buffered = undefined;
      this.forwardData(b, false);
    }
    this.forwardTrailersHeld();
  }

  /** Trailers added by the plugin from a body callback at end of stream (addDecodedTrailers). */
  addTrailers(): HeaderMap {
    const map = new HeaderMap();
    this.trailers = map;
    this.trailersPtr = true;
    this.trailersHeld = map;
    return map;
  }

  // ---------------------------------------------------------------- continue

  /** continueDecoding / continueEncoding (commonContinue). */
  resume(fromContinueCall: boolean): void {
    if (this.iteration === 'continue' || this.aborted) return;
    const fromCurrent = this.stoppedAll;
    this.iteration = 'continue';
    this.stop = undefined;
    if (fromContinueCall) this.buffering = false;
    if (!this.headersContinued) {
      this.headersContinued = true;
      this.forwardHeaders(this.complete && this.buffered === undefined && this.trailersHeld === undefined);
    }
    const hadTrailers = this.trailersHeld !== undefined;
    if (this.buffered !== undefined) {
      const eos = this.complete && !hadTrailers;
      if (fromCurrent && this.owner.pluginCallable(this.side)) {
        // StopAll: iteration restarts at this filter, so the plugin gets the buffered body now.
        this.runDataCallback(this.buffered, true, eos);
      } else {
        const b = this.buffered.data;
        this.buffered = undefined;
        this.forwardData(b, eos);
      }
    }
    const t = this.trailersHeld;
    if (hadTrailers && t !== undefined) {
      if (fromCurrent && this.owner.pluginCallable(this.side) && t !== this.trailers) {
        // doTrailers also starts at this filter: the plugin sees the trailers it has not seen yet.
        this.trailersHeld = undefined;
        this.onTrailers(t);
      } else if (this.iteration === 'continue') {
        this.forwardTrailersHeld();
      }
    }
  }

  // ---------------------------------------------------------------- forwarding

  private forwardHeaders(eos: boolean): void {
    if (this.out.headers !== undefined) return;
    this.out.headers = (this.headers ?? new HeaderMap()).pairs();
    if (eos) this.out.eos = true;
    this.owner.forwarded(this.side);
  }

  private forwardData(data: Uint8Array, eos: boolean): void {
    if (data.length > 0) this.out.chunks.push(data);
    if (eos) this.out.eos = true;
    this.owner.forwarded(this.side);
  }

  private forwardTrailersHeld(): void {
    const t = this.trailersHeld;
    if (t === undefined) return;
    this.trailersHeld = undefined;
    this.out.trailers = t.pairs();
    this.out.eos = true;
    this.owner.forwarded(this.side);
  }
}
