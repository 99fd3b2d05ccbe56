/** What the hostcalls may do to an HTTP stream context (Envoy's Context for one filter). */
import type { HostBuffer } from '../core.js';
import type { HeaderMap } from '../header-map.js';
import type { HeaderPairs, PropertyValue } from '../types.js';

export type StreamMapType = 0 | 1 | 2 | 3;

export interface LocalResponseRequest {
  readonly status: number;
  readonly details: string;
  readonly body: Uint8Array;
  readonly headers: HeaderPairs;
  readonly grpcStatus: number;
}

export interface StreamAccess {
  /** Inside proxy_on_log: the access-log copies of the maps are what the plugin sees. */
  readonly accessLogPhase: boolean;
  /** getConstMap: undefined when the map is not reachable now. */
  constMap(type: StreamMapType): HeaderMap | undefined;
  /** getMap (mutable): may create trailers from a body callback at end of stream. */
  mutableMap(type: StreamMapType): HeaderMap | undefined;
  /** The body buffer of a direction: present but empty (immutable) outside its callbacks. */
  body(type: 0 | 1): HostBuffer;
  continueStream(type: number): number;
  closeStream(type: number): number;
  sendLocalResponse(r: LocalResponseRequest): number;
  /** Values written with proxy_set_property (filter state `wasm.<path>`). */
  readonly filterState: Map<string, Uint8Array>;
  /** Stream properties derived from the traffic (request.*, response.*, route_name…). */
  streamProperty(path: readonly string[]): PropertyValue | 'serialization-failure' | undefined;
  injectEncodedData(data: Uint8Array, endOfStream: boolean): void;
  setUpstreamOverrideHost(address: string): void;
  /** The VM behind this stream was replaced (recovery): the stream is over. */
  abandon(): void;
}
