/**
 * Dependency faults: a scenario run again with every callout failing, the way the gateway
 * delivers that failure to the plugin. `--faults` adds one run per fault to each scenario that
 * called out; a scenario file can name one (`fault: timeout`).
 */
import type { GrpcCallMock, HttpCallMock, RedisCallMock } from './types.js';

export const FAULTS = ['timeout', 'unavailable', 'reset'] as const;
export type Fault = (typeof FAULTS)[number];

/** What each fault means, for help text and docs. */
export const FAULT_TEXT: Readonly<Record<Fault, string>> = {
  // Envoy's async client ends a call past its timeout with the router's local reply (504
  // "upstream request timeout"), an ordinary response (envoy source/common/http/async_client_impl.h
  // AsyncStreamImpl::sendLocalReply); a call made without a timeout is never answered.
  timeout: 'HTTP callouts are not answered: each ends at its own timeout with 504 "upstream request timeout", or never when it set none; gRPC calls end UNAVAILABLE (14); Redis calls fail with a network error',
  unavailable: 'HTTP callouts answer 503 "no healthy upstream"; gRPC calls end UNAVAILABLE (14); Redis calls fail with a network error',
  // Envoy Context::onHttpCallFailure: proxy_on_http_call_response(token, 0, 0, 0), get_status (11, "reset").
  reset: 'HTTP callouts are reset: proxy_on_http_call_response gets no headers, no body (0, 0, 0) and proxy_get_status says BrokenConnection "reset"; gRPC calls end UNAVAILABLE (14); Redis calls fail with a network error',
};

const TIMEOUT_HTTP: HttpCallMock = { status: 504, headers: [], body: '', trailers: [], delayMs: 0, reset: false, never: true };
const UNAVAILABLE_HTTP: HttpCallMock = { status: 503, headers: [['content-type', 'text/plain']], body: 'no healthy upstream', trailers: [], delayMs: 0, reset: false, never: false };
const RESET_HTTP: HttpCallMock = { ...UNAVAILABLE_HTTP, reset: true };
const UNAVAILABLE_GRPC: GrpcCallMock = { status: 14, message: '', initialMetadata: [], trailingMetadata: [], delayMs: 0, never: false };
const FAILED_REDIS: RedisCallMock = { status: 1, replies: [''], delayMs: 0, never: false };

/** The answers every callout gets under `fault`, whatever the scenario mocks. */
export function faultMocks(fault: Fault): { http: HttpCallMock; grpc: GrpcCallMock; redis: RedisCallMock } {
  const http = fault === 'timeout' ? TIMEOUT_HTTP : fault === 'reset' ? RESET_HTTP : UNAVAILABLE_HTTP;
  return { http, grpc: UNAVAILABLE_GRPC, redis: FAILED_REDIS };
}

/** The name of a scenario's run under a fault, as reports show it. */
export function faultRunName(name: string, fault: Fault): string {
  return `${name} [fault: ${fault}]`;
}

/**
 * `--faults`: after each scenario, one run of it per fault. A run whose scenario made no callout
 * is skipped by the driver (there is no dependency to fail); expectations are dropped (they
 * describe the healthy answer).
 */
export function withFaults<S extends { readonly name: string; readonly fault?: Fault; readonly expect?: unknown }>(scenarios: readonly S[]): S[] {
  return scenarios.flatMap((s) => {
    if (s.fault !== undefined) return [s];
    const runs = FAULTS.map((fault) => {
      const { expect: _dropped, ...rest } = s;
      return { ...rest, name: faultRunName(s.name, fault), fault, faultOf: s.name } as unknown as S;
    });
    return [s, ...runs];
  });
}
