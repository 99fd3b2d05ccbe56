/**
 * Envoy FilterManager::sendLocalReply as seen from this filter: through the encoder filters
 * (this plugin's response callbacks run) when no response has started, directly when the
 * response started but its headers were not sent yet, else a stream reset.
 */
import { HeaderMap } from '../header-map.js';
import type { HeaderPairs, LocalReply } from '../types.js';
import type { HttpStreamImpl } from './http-stream.js';

export interface ReplyInput {
  readonly status: number;
  readonly details: string;
  readonly body: Uint8Array;
  readonly headers: HeaderPairs;
  readonly grpcStatus: number;
}

export function sendLocalReply(s: HttpStreamImpl, r: ReplyInput, source: LocalReply['source'], callback?: string): void {
  if (s.done) return;
  const reply: LocalReply = { status: r.status, details: r.details, body: r.body, headers: r.headers, grpcStatus: r.grpcStatus, source, ...(callback === undefined ? {} : { callback }) };
  s.localReply = reply;
  s.core.localResponses.push({ ...reply, contextId: s.contextId });
  if (s.core.localResponses.length > 1000) s.core.localResponses.shift();
  s.responseCode = r.status;
  s.responseCodeDetails = r.details;
  s.req.aborted = true;
  s.upstreamReset = s.req.out.headers !== undefined && !s.res.out.eos;
  const map = new HeaderMap([[':status', String(r.status)]]);
  if (r.body.length > 0) {
    map.add('content-length', String(r.body.length));
    map.add('content-type', 'text/plain');
  }
  for (const [k, v] of r.headers) map.add(k, v);

  if (s.res.out.headers !== undefined) {
    // The response already went out: Envoy can only reset the stream.
    s.downstreamReset = true;
    s.finish();
    return;
  }
  if (s.res.received.headers) {
    // sendDirectLocalReply: bypasses the encoder filters, this plugin included.
    s.res.aborted = true;
    s.res.out.headers = map.pairs();
    s.res.out.chunks = r.body.length > 0 ? [r.body] : [];
    s.res.out.eos = true;
    s.finish();
    return;
  }
  s.res.onHeaders(map, r.body.length === 0);
  if (r.body.length > 0) s.res.onData(r.body, true);
}
