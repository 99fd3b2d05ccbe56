/**
 * A scenario: one HTTP stream driven through the plugin, as data.
 *
 * `ScenarioInput` is what a user writes (JSON or YAML, shortcuts allowed); `Scenario` is the
 * normalized form the driver runs (plain data, structured-cloneable into the worker thread).
 */
import type { Outcome } from '../report.js';
import type { Fault } from './faults.js';

/** Header or trailer pairs in wire order; keys lower-cased as Envoy does. */
export type Pairs = ReadonlyArray<readonly [string, string]>;

/**
 * A property value as the gateway encodes it (proxy-wasm-abi.md §9): strings raw, integers as
 * 8-byte little-endian, booleans as 1 byte.
 */
export type PropertyValue = string | number | boolean;

/** Answer to a `proxy_http_call` to one cluster. */
export interface HttpCallMock {
  readonly status: number;
  readonly headers: Pairs;
  readonly body: string;
  readonly trailers: Pairs;
  /** Virtual milliseconds between the call and its answer. */
  readonly delayMs: number;
  /** Answer with a connection reset (callback gets 0,0,0 and get_status = 11 "reset"). */
  readonly reset: boolean;
  /** Never answer (until the call's own timeout, which answers 504 as Envoy's router does). */
  readonly never: boolean;
}

/** Answer to a `proxy_grpc_call` to one cluster. */
export interface GrpcCallMock {
  /** gRPC status code (0 OK). */
  readonly status: number;
  readonly message: string;
  readonly initialMetadata: Pairs;
  readonly trailingMetadata: Pairs;
  readonly delayMs: number;
  readonly never: boolean;
}

/** Answer to a Higress `proxy_redis_call` to one cluster. */
export interface RedisCallMock {
  /** RedisStatus: 0 Ok, 1 NetworkError. */
  readonly status: 0 | 1;
  /** RESP-encoded replies, used in turn (the last one repeats), e.g. `:1\r\n`. */
  readonly replies: readonly string[];
  readonly delayMs: number;
  readonly never: boolean;
}

export interface Mocks {
  readonly http: Readonly<Record<string, HttpCallMock>>;
  readonly grpc: Readonly<Record<string, GrpcCallMock>>;
  readonly redis: Readonly<Record<string, RedisCallMock>>;
}

export interface HttpSide {
  readonly headers: Pairs;
  /** Body chunks as the proxy receives them (one `proxy_on_*_body` call each). */
  readonly body: readonly string[];
  readonly trailers: Pairs;
}

/** What the client or the upstream must have seen; a miss is WV4003. */
export interface Expectation {
  readonly outcome?: Outcome;
  readonly status?: number;
  /** Header name -> value, or `null` when the header must be absent. */
  readonly headers?: Readonly<Record<string, string | null>>;
  readonly body?: string;
  readonly bodyContains?: string;
  /** The same checks on what reached the upstream. */
  readonly upstream?: {
    readonly headers?: Readonly<Record<string, string | null>>;
    readonly body?: string;
    readonly bodyContains?: string;
  };
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Where it came from: `builtin` or the file path. */
  readonly source: string;
  readonly request: HttpSide;
  /** The upstream's answer; `headers` carries `:status`. */
  readonly upstream: HttpSide;
  readonly mocks: Mocks;
  readonly properties: Readonly<Record<string, PropertyValue>>;
  readonly expect?: Expectation;
  /** Every callout fails this way in this run (src/scenarios/faults.ts), whatever `mocks` say. */
  readonly fault?: Fault;
  /** Added by --faults: the scenario this run repeats; it runs only if that one called out. */
  readonly faultOf?: string;
}

/** `:method :path` of a scenario's request, for messages ("POST /v1/chat/completions"). */
export function requestLine(s: Pick<Scenario, 'request'>): string {
  const get = (k: string): string => s.request.headers.find(([n]) => n === k)?.[1] ?? '';
  return `${get(':method')} ${get(':path')}`.trim();
}
