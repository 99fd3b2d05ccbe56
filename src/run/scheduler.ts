/**
 * The virtual event loop of one VM: timer ticks and mocked callout answers, delivered in
 * virtual-time order. Nothing here waits real time; "waiting" is advancing the host's clock.
 */
import type { GrpcCallInfo, Host, HttpCallInfo, Pending, RedisCallInfo, StepResult } from 'proxy-wasm-host-mock';
import { faultMocks, type Fault } from '../scenarios/faults.js';
import type { GrpcCallMock, HttpCallMock, Mocks, RedisCallMock } from '../scenarios/types.js';
import type { Delivered } from './work-text.js';

/** Envoy's router answers a callout that exceeds its timeout like this (reference §5.3). */
const TIMEOUT_ANSWER = { headers: [[':status', '504'], ['content-type', 'text/plain']] as [string, string][], body: 'upstream request timeout' };
/** A cluster with no mock exists but has no healthy host: Envoy's router answers 503. */
export const NO_MOCK_HTTP: HttpCallMock = {
  status: 503,
  headers: [['content-type', 'text/plain']],
  body: 'no healthy upstream',
  trailers: [],
  delayMs: 0,
  reset: false,
  never: false,
};
const NO_MOCK_GRPC: GrpcCallMock = { status: 14, message: '', initialMetadata: [], trailingMetadata: [], delayMs: 0, never: false };
const NO_MOCK_REDIS: RedisCallMock = { status: 1, replies: ['-ERR no mock\r\n'], delayMs: 0, never: false };

type Due =
  | { readonly kind: 'timer'; readonly at: number; readonly label: string }
  | { readonly kind: 'http'; readonly at: number; readonly call: HttpCallInfo; readonly mock: HttpCallMock; readonly timedOut: boolean }
  | { readonly kind: 'grpc'; readonly at: number; readonly call: GrpcCallInfo; readonly mock: GrpcCallMock }
  | { readonly kind: 'redis'; readonly at: number; readonly call: RedisCallInfo; readonly mock: RedisCallMock };

export type StepRunner = (label: string, callback: string, run: () => StepResult) => StepResult;

export class Scheduler {
  /** Mock chosen for each callout token when it was first seen (the scenario active then). */
  private readonly httpMocks = new Map<number, HttpCallMock>();
  private readonly grpcMocks = new Map<number, GrpcCallMock>();
  private readonly redisMocks = new Map<number, RedisCallMock>();
  /** Next reply index per mock (replies are used in turn, the last one repeats). */
  private readonly redisTurns = new Map<RedisCallMock, number>();
  /** What was delivered during the current wait, for stall messages. */
  delivered: Delivered[] = [];
  /** The fault of the scenario being run: every new callout fails so (src/scenarios/faults.ts). */
  fault: Fault | undefined;

  constructor(
    private readonly host: Host,
    private readonly step: StepRunner,
    /** Where the clusters called are noted (`kind:cluster`), by whether a mock answered them. */
    private readonly seen: { readonly mockedClusters: Set<string>; readonly unmockedClusters: Set<string> } = { mockedClusters: new Set(), unmockedClusters: new Set() },
  ) {}

  /** Bind newly issued callouts to the active scenario's mocks. */
  adopt(mocks: Mocks): void {
    const p = this.host.pending();
    if (this.fault !== undefined) {
      const f = faultMocks(this.fault);
      for (const c of p.httpCalls) if (!this.httpMocks.has(c.token)) this.httpMocks.set(c.token, f.http);
      for (const c of p.grpcCalls) if (!this.grpcMocks.has(c.token)) this.grpcMocks.set(c.token, f.grpc);
      for (const c of p.redisCalls) if (!this.redisMocks.has(c.token)) this.redisMocks.set(c.token, f.redis);
      return;
    }
    for (const c of p.httpCalls) if (!this.httpMocks.has(c.token)) this.httpMocks.set(c.token, this.pick(mocks.http, c.cluster, NO_MOCK_HTTP, 'http'));
    for (const c of p.grpcCalls) if (!this.grpcMocks.has(c.token)) this.grpcMocks.set(c.token, this.pick(mocks.grpc, c.service, NO_MOCK_GRPC, 'grpc'));
    for (const c of p.redisCalls) if (!this.redisMocks.has(c.token)) this.redisMocks.set(c.token, this.pick(mocks.redis, c.cluster, NO_MOCK_REDIS, 'redis'));
  }

  private pick<T>(table: Readonly<Record<string, T>>, cluster: string, fallback: T, kind: string): T {
    const m = table[cluster];
    if (m !== undefined) {
      this.seen.mockedClusters.add(`${kind}:${cluster}`);
      return m;
    }
    this.seen.unmockedClusters.add(`${kind}:${cluster}`);
    return fallback;
  }

  /** The earliest event that could change anything, or undefined when nothing is pending. */
  next(mocks: Mocks, onlyCallouts = false): Due | undefined {
    this.adopt(mocks);
    const p = this.host.pending();
    const due: Due[] = [];
    if (!onlyCallouts) for (const t of p.timers) due.push({ kind: 'timer', at: t.nextDueMs, label: `the ${t.periodMs} ms timer of root context ${t.rootContextId}` });
    for (const call of p.httpCalls) {
      const mock = this.httpMocks.get(call.token) ?? NO_MOCK_HTTP;
      const answerAt = mock.never ? Infinity : call.issuedAtMs + mock.delayMs;
      const timeoutAt = call.timeoutMs > 0 ? call.issuedAtMs + call.timeoutMs : Infinity;
      const at = Math.min(answerAt, timeoutAt);
      if (at !== Infinity) due.push({ kind: 'http', at, call, mock, timedOut: timeoutAt < answerAt });
    }
    for (const call of p.grpcCalls) {
      const mock = this.grpcMocks.get(call.token) ?? NO_MOCK_GRPC;
      if (call.kind === 'call' && !mock.never) due.push({ kind: 'grpc', at: call.issuedAtMs + mock.delayMs, call, mock });
    }
    for (const call of p.redisCalls) {
      const mock = this.redisMocks.get(call.token) ?? NO_MOCK_REDIS;
      if (!mock.never) due.push({ kind: 'redis', at: call.issuedAtMs + mock.delayMs, call, mock });
    }
    // The earliest (first listed on a tie), without sorting the whole pending set per event.
    let first: Due | undefined;
    for (const d of due) if (first === undefined || d.at < first.at) first = d;
    return first;
  }

  /** Advance the clock to the event and deliver it (ticks due on the way fire first, in order). */
  fire(ev: Due): StepResult[] {
    const out: StepResult[] = [];
    const gap = Math.max(0, ev.at - this.host.now());
    if (gap > 0 || ev.kind === 'timer') {
      out.push(this.step(`virtual time +${gap} ms`, 'proxy_on_tick', () => this.host.advanceTime(gap)));
      if (ev.kind === 'timer') this.delivered.push({ kind: 'timer', target: ev.label, result: 'fired' });
    }
    // A tick fired on the way may already have cancelled the call.
    if (ev.kind !== 'timer' && !this.stillPending(ev)) return out;
    if (ev.kind === 'http') out.push(this.answerHttp(ev.call, ev.mock, ev.timedOut));
    else if (ev.kind === 'grpc') out.push(this.answerGrpc(ev.call, ev.mock));
    else if (ev.kind === 'redis') out.push(this.answerRedis(ev.call, ev.mock));
    return out;
  }

  private stillPending(ev: Exclude<Due, { kind: 'timer' }>): boolean {
    const p: Pending = this.host.pending();
    const list = ev.kind === 'http' ? p.httpCalls : ev.kind === 'grpc' ? p.grpcCalls : p.redisCalls;
    return list.some((c) => c.token === ev.call.token);
  }

  private answerHttp(call: HttpCallInfo, mock: HttpCallMock, timedOut: boolean): StepResult {
    const what = `the HTTP call to cluster "${call.cluster}" (token ${call.token})`;
    const note = (result: string): void => void this.delivered.push({ kind: 'http', target: `cluster "${call.cluster}"`, token: call.token, result });
    if (timedOut) {
      note(`timed out after ${call.timeoutMs} ms (504)`);
      return this.step(`answer ${what}`, 'proxy_on_http_call_response', () => this.host.respondHttpCall(call.token, TIMEOUT_ANSWER));
    }
    if (mock.reset) {
      note('reset');
      return this.step(`reset ${what}`, 'proxy_on_http_call_response', () => this.host.failHttpCall(call.token));
    }
    note(`answered ${mock.status}`);
    const headers: [string, string][] = [[':status', String(mock.status)], ...mock.headers.map(([k, v]) => [k, v] as [string, string])];
    return this.step(`answer ${what}`, 'proxy_on_http_call_response', () =>
      this.host.respondHttpCall(call.token, { headers, body: mock.body, trailers: mock.trailers }),
    );
  }

  private answerGrpc(call: GrpcCallInfo, mock: GrpcCallMock): StepResult {
    const what = `the gRPC call to ${call.serviceName}/${call.method} (token ${call.token})`;
    this.delivered.push({ kind: 'grpc', target: `${call.serviceName}/${call.method}`, token: call.token, result: `answered with status ${mock.status}` });
    return this.step(`answer ${what}`, 'proxy_on_grpc_receive', () =>
      this.host.respondGrpcCall(call.token, {
        initialMetadata: mock.initialMetadata,
        messages: mock.status === 0 ? [mock.message] : [],
        trailingMetadata: mock.trailingMetadata,
        status: mock.status,
      }),
    );
  }

  private answerRedis(call: RedisCallInfo, mock: RedisCallMock): StepResult {
    const turn = this.redisTurns.get(mock) ?? 0;
    this.redisTurns.set(mock, turn + 1);
    const reply = mock.replies[Math.min(turn, mock.replies.length - 1)] ?? '+OK\r\n';
    const what = `the Redis call to cluster "${call.cluster}" (token ${call.token})`;
    this.delivered.push({ kind: 'redis', target: `cluster "${call.cluster}"`, token: call.token, result: `answered ${JSON.stringify(reply.trim())}` });
    return this.step(`answer ${what}`, 'proxy_on_redis_call_response', () => this.host.respondRedisCall(call.token, reply, mock.status));
  }
}

export function isIdle(p: Pending): boolean {
  return p.timers.length + p.httpCalls.length + p.grpcCalls.length + p.redisCalls.length === 0;
}
