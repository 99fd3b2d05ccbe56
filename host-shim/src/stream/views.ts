/** Plain-data views of a stream for the driver (safe to clone or post from a worker). */
import { concat, text } from '../bytes.js';
import type { HostCore } from '../core.js';
import type { DirectionState, DownstreamView, StreamState, UpstreamView } from '../types.js';
import type { Direction } from './direction.js';
import type { HttpStreamImpl } from './http-stream.js';

export function streamState(s: HttpStreamImpl): StreamState {
  return {
    contextId: s.contextId,
    request: directionState(s.req, s, 0),
    response: directionState(s.res, s, 2),
    done: s.done,
    ...(s.localReply === undefined ? {} : { localReply: s.localReply }),
    ...(s.reset === undefined ? {} : { reset: s.reset }),
    ...(s.failedVm === undefined ? {} : { failedVm: s.failedVm }),
  };
}

/** A body's text; an empty body (most requests' and many answers') without the decoder. */
function bodyText(body: Uint8Array): string {
  return body.length === 0 ? '' : text(body);
}

export function upstreamView(s: HttpStreamImpl): UpstreamView {
  const o = s.req.out;
  const body = concat(o.chunks);
  return { ...(o.headers ? { headers: o.headers } : {}), body, bodyText: bodyText(body), ...(o.trailers ? { trailers: o.trailers } : {}), endOfStream: o.eos, reset: s.upstreamReset };
}

export function downstreamView(s: HttpStreamImpl): DownstreamView {
  const o = s.res.out;
  const body = concat(o.chunks);
  const status = o.headers?.find(([k]) => k === ':status')?.[1];
  return {
    ...(status === undefined ? {} : { status: Number(status) }),
    ...(o.headers ? { headers: o.headers } : {}),
    body,
    bodyText: bodyText(body),
    ...(o.trailers ? { trailers: o.trailers } : {}),
    endOfStream: o.eos,
    reset: s.downstreamReset,
  };
}

function directionState(d: Direction, s: HttpStreamImpl, mapType: 0 | 2): DirectionState {
  return {
    received: { ...d.received },
    iteration: d.iteration === 'continue' ? 'flowing' : 'stopped',
    ...(d.stop === undefined || d.iteration === 'continue' ? {} : { stop: d.stop }),
    headersForwarded: d.out.headers !== undefined,
    headersReachable: !s.done && s.constMap(mapType) !== undefined,
    bufferedBytes: d.buffered?.data.length ?? 0,
    trailersHeld: d.trailersHeld !== undefined,
    complete: d.out.eos,
  };
}

/** A stable x-request-id per host and stream (deterministic runs). */
export function requestId(core: HostCore): string {
  const hex = [...core.random(16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
