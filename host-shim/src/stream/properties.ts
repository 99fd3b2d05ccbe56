/**
 * Stream properties a gateway answers (Envoy expr context.cc RequestWrapper/ResponseWrapper,
 * HE127 Context::findValue): header-derived request.* only while the request headers are
 * reachable (or in proxy_on_log); gateway-like defaults for the rest.
 */
import type { HeaderMap } from '../header-map.js';
import type { PropertyMap, PropertyValue } from '../types.js';

export interface StreamFacts {
  readonly requestHeaders: HeaderMap | undefined;
  readonly responseHeaders: HeaderMap | undefined;
  readonly responseTrailers: HeaderMap | undefined;
  readonly protocol: string;
  readonly startTimeNs: bigint;
  readonly durationNs: bigint;
  readonly requestBytes: number;
  readonly responseBytes: number;
  readonly responseCode: number | undefined;
  readonly responseCodeDetails: string | undefined;
  readonly connectionId: number;
  /** Stream options, then host options, then DEFAULTS. */
  readonly overrides: PropertyMap;
  readonly hostProperties: PropertyMap;
}

export const DEFAULT_STREAM_PROPERTIES: PropertyMap = {
  route_name: 'wasm-verify-route',
  cluster_name: 'wasm-verify-upstream',
  'xds.route_name': 'wasm-verify-route',
  'xds.cluster_name': 'wasm-verify-upstream',
  'source.address': '10.0.0.2:52000',
  'source.port': 52000,
  'destination.address': '10.0.0.1:8080',
  'destination.port': 8080,
  'connection.mtls': false,
  listener_direction: 0,
};

function headerMap(h: HeaderMap | undefined, rest: readonly string[]): PropertyValue | undefined {
  if (h === undefined) return undefined;
  if (rest.length === 0) {
    // A header map property joins repeated values with ','.
    const joined = new Map<string, string>();
    for (const [k, v] of h.pairs()) joined.set(k, joined.has(k) ? `${joined.get(k)},${v}` : v);
    return [...joined];
  }
  if (rest.length > 1) return undefined;
  const vals = h.pairs().filter(([k]) => k === rest[0]?.toLowerCase()).map(([, v]) => v);
  return vals.length === 0 ? undefined : vals.join(',');
}

function requestProperty(f: StreamFacts, key: string, rest: readonly string[]): PropertyValue | undefined {
  const h = f.requestHeaders;
  const path = h?.get(':path');
  switch (key) {
    case 'time':
      return f.startTimeNs;
    case 'protocol':
      return f.protocol;
    case 'duration':
      return f.durationNs;
    case 'size': {
      const cl = h?.get('content-length');
      return cl !== undefined && /^\d+$/.test(cl) ? Number(cl) : f.requestBytes;
    }
    case 'total_size':
      return f.requestBytes + (h?.byteSize() ?? 0);
    case 'headers':
      return headerMap(h, rest);
  }
  if (h === undefined || rest.length > 0) return undefined;
  switch (key) {
    case 'path':
      return path;
    case 'url_path':
      return path?.split('?')[0];
    case 'host':
      return h.get(':authority');
    case 'scheme':
      return h.get(':scheme');
    case 'method':
      return h.get(':method');
    case 'referer':
      return h.get('referer');
    case 'useragent':
      return h.get('user-agent');
    case 'id':
      return h.get('x-request-id');
    case 'query': {
      if (path === undefined || !path.includes('?')) return '';
      return (path.split('?')[1] ?? '').split('#')[0];
    }
  }
  return undefined;
}

function responseProperty(f: StreamFacts, key: string, rest: readonly string[]): PropertyValue | undefined {
  switch (key) {
    case 'code':
      return f.responseCode;
    case 'code_details':
      return f.responseCodeDetails;
    case 'flags':
      return 0;
    case 'grpc_status':
      return undefined;
    case 'size':
      return f.responseBytes;
    case 'total_size':
      return f.responseBytes + (f.responseHeaders?.byteSize() ?? 0);
    case 'headers':
      return headerMap(f.responseHeaders, rest);
    case 'trailers':
      return headerMap(f.responseTrailers, rest);
  }
  return undefined;
}

export function streamPropertyOf(f: StreamFacts, segs: readonly string[]): PropertyValue | 'serialization-failure' | undefined {
  const joined = segs.join('.');
  const explicit = f.overrides[joined];
  if (explicit !== undefined) return explicit;
  const [top, key, ...rest] = segs;
  if (top === 'request' && key !== undefined) {
    const v = requestProperty(f, key, rest);
    if (v !== undefined) return v;
  }
  if (top === 'response' && key !== undefined) {
    const v = responseProperty(f, key, rest);
    if (v !== undefined) return v;
  }
  if (joined === 'connection.id' || joined === 'connection_id') return BigInt(f.connectionId);
  if (f.hostProperties[joined] !== undefined) return undefined; // host options answer it
  return DEFAULT_STREAM_PROPERTIES[joined];
}
