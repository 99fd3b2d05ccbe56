/**
 * Validates a scenario as authored (JSON/YAML, with shortcuts) and normalizes it into the
 * `Scenario` the driver runs. Every problem is a ScenarioError naming the file and the key; a
 * file is checked as a whole, so one error lists all its problems, in the order of the keys.
 */
import { createHash } from 'node:crypto';
import type { Outcome } from '../report.js';
import { FAULTS, type Fault } from './faults.js';
import { Reader } from './reader.js';
import type {
  Expectation,
  GrpcCallMock,
  HttpCallMock,
  HttpSide,
  Mocks,
  Pairs,
  PropertyValue,
  RedisCallMock,
  Scenario,
} from './types.js';

const OUTCOMES: readonly Outcome[] = ['forwarded', 'local-response', 'hang', 'stall', 'cpu-hang', 'trap', 'error'];
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** One virtual day: longer delays are a typo, not a test. */
const MAX_DELAY_MS = 86_400_000;

const DEFAULT_UPSTREAM: HttpSide = { headers: [[':status', '200'], ['content-length', '0']], body: [], trailers: [] };
const NO_MOCKS: Mocks = { http: {}, grpc: {}, redis: {} };

export function parseScenario(raw: unknown, source: string): Scenario {
  const r = new Reader(source, '', raw, []);
  r.object(['name', 'description', 'request', 'upstream', 'mocks', 'properties', 'expect', 'fault']);
  const name = r.collect(() => {
    const n = r.at('name').string();
    if (!NAME_RE.test(n)) r.at('name').fail('use letters, digits, ".", "_" and "-" only');
    return n;
  }, 'scenario');
  const description = r.collect(() => r.at('description').optString(''), '');
  const request = r.collect(() => parseRequest(r.at('request'), name), { headers: [], body: [], trailers: [] });
  const upstream = r.collect(() => parseUpstream(r.at('upstream')), DEFAULT_UPSTREAM);
  const mocks = r.collect(() => parseMocks(r.at('mocks')), NO_MOCKS);
  const properties = r.collect(() => parseProperties(r.at('properties')), {});
  const expect = r.at('expect').present ? r.collect(() => parseExpect(r.at('expect')), undefined) : undefined;
  const fault = r.at('fault').present ? r.collect(() => parseFault(r.at('fault')), undefined) : undefined;
  r.throwCollected();
  return { name, description, source, request, upstream, mocks, properties, ...(expect === undefined ? {} : { expect }), ...(fault === undefined ? {} : { fault }) };
}

function parseFault(r: Reader): Fault {
  const f = r.string();
  if (!(FAULTS as readonly string[]).includes(f)) r.fail(`expected one of ${FAULTS.join(', ')}`);
  return f as Fault;
}

/** One key of an object, its problems collected (the next key is still read). */
function field<T>(r: Reader, key: string, read: (r: Reader) => T, fallback: T): T {
  return r.collect(() => read(r.at(key)), fallback);
}

function parseRequest(r: Reader, scenarioName: string): HttpSide {
  if (!r.present) return parseRequest(r.with({}), scenarioName);
  r.object(['method', 'path', 'authority', 'scheme', 'headers', 'body', 'trailers', 'envoyHeaders']);
  const given = field(r, 'headers', pairs, []);
  const has = (k: string): boolean => given.some(([n]) => n === k);
  const pseudo: Array<[string, string]> = [];
  // Pseudo-headers first, as Envoy's HeaderMap keeps them.
  for (const [key, fallback] of [
    ['method', 'GET'],
    ['scheme', 'http'],
    ['authority', 'example.com'],
    ['path', '/'],
  ] as const) {
    if (!has(`:${key}`)) pseudo.push([`:${key}`, field(r, key, (x) => x.optString(fallback), fallback)]);
    else if (r.at(key).present) r.collect(() => r.at(key).fail(`given twice: as "${key}" and as the header ":${key}"`), undefined);
  }
  const body = field(r, 'body', chunks, []);
  const trailers = field(r, 'trailers', pairs, []);
  const extra: Array<[string, string]> = [];
  const size = body.reduce((n, c) => n + Buffer.byteLength(c), 0);
  if (size > 0 && !has('content-length') && !has('transfer-encoding')) extra.push(['content-length', String(size)]);
  // Headers Envoy's HCM adds before any filter runs (they count in num_headers).
  if (field(r, 'envoyHeaders', (x) => x.optBool(true), true)) {
    if (!has('x-forwarded-proto')) extra.push(['x-forwarded-proto', pseudo.find(([k]) => k === ':scheme')?.[1] ?? 'http']);
    if (!has('x-request-id')) extra.push(['x-request-id', requestId(scenarioName)]);
  }
  return { headers: [...pseudo, ...given, ...extra], body, trailers };
}

function parseUpstream(r: Reader): HttpSide {
  if (!r.present) return DEFAULT_UPSTREAM;
  r.object(['status', 'headers', 'body', 'trailers']);
  const given = field(r, 'headers', pairs, []);
  const hasStatus = given.some(([k]) => k === ':status');
  if (hasStatus && r.at('status').present) r.collect(() => r.at('status').fail('given twice: as "status" and as ":status"'), undefined);
  const status: Array<[string, string]> = hasStatus ? [] : [[':status', String(field(r, 'status', (x) => x.optInt(200, 100, 599), 200))]];
  return { headers: [...status, ...given], body: field(r, 'body', chunks, []), trailers: field(r, 'trailers', pairs, []) };
}

function parseMocks(r: Reader): Mocks {
  if (!r.present) return NO_MOCKS;
  r.object(['http', 'grpc', 'redis']);
  return {
    http: field(r, 'http', (x) => byCluster(x, httpMock), {}),
    grpc: field(r, 'grpc', (x) => byCluster(x, grpcMock), {}),
    redis: field(r, 'redis', (x) => byCluster(x, redisMock), {}),
  };
}

function byCluster<T>(r: Reader, one: (r: Reader) => T): Record<string, T> {
  if (!r.present) return {};
  const out: Record<string, T> = {};
  for (const cluster of r.keys()) r.collect(() => void (out[cluster] = one(r.at(cluster))), undefined);
  return out;
}

function httpMock(r: Reader): HttpCallMock {
  r.object(['status', 'headers', 'body', 'trailers', 'delayMs', 'reset', 'never']);
  return {
    status: field(r, 'status', (x) => x.optInt(200, 100, 599), 200),
    headers: field(r, 'headers', pairs, []),
    body: field(r, 'body', (x) => x.optString(''), ''),
    trailers: field(r, 'trailers', pairs, []),
    delayMs: field(r, 'delayMs', (x) => x.optInt(0, 0, MAX_DELAY_MS), 0),
    reset: field(r, 'reset', (x) => x.optBool(false), false),
    never: field(r, 'never', (x) => x.optBool(false), false),
  };
}

function grpcMock(r: Reader): GrpcCallMock {
  r.object(['status', 'message', 'initialMetadata', 'trailingMetadata', 'delayMs', 'never']);
  return {
    status: field(r, 'status', (x) => x.optInt(0, 0, 16), 0),
    message: field(r, 'message', (x) => x.optString(''), ''),
    initialMetadata: field(r, 'initialMetadata', pairs, []),
    trailingMetadata: field(r, 'trailingMetadata', pairs, []),
    delayMs: field(r, 'delayMs', (x) => x.optInt(0, 0, MAX_DELAY_MS), 0),
    never: field(r, 'never', (x) => x.optBool(false), false),
  };
}

function redisMock(r: Reader): RedisCallMock {
  r.object(['status', 'reply', 'replies', 'delayMs', 'never']);
  if (r.at('reply').present && r.at('replies').present) r.at('replies').fail('give either "reply" or "replies", not both');
  const replies = r.at('replies').present ? r.at('replies').array().map((x) => x.string()) : [r.at('reply').optString('+OK\r\n')];
  if (replies.length === 0) r.at('replies').fail('expected at least one reply');
  return {
    status: r.at('status').optInt(0, 0, 1) as 0 | 1,
    replies,
    delayMs: r.at('delayMs').optInt(0, 0, MAX_DELAY_MS),
    never: r.at('never').optBool(false),
  };
}

function parseProperties(r: Reader): Record<string, PropertyValue> {
  if (!r.present) return {};
  const out: Record<string, PropertyValue> = {};
  for (const key of r.keys()) {
    const v = r.at(key);
    if (typeof v.value === 'number') out[key] = v.int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    else if (typeof v.value === 'boolean') out[key] = v.value;
    else out[key] = v.string();
  }
  return out;
}

function parseExpect(r: Reader): Expectation {
  r.object(['outcome', 'status', 'headers', 'body', 'bodyContains', 'upstream']);
  const outcome = field(r, 'outcome', (o) => {
    if (o.present && !OUTCOMES.includes(o.string() as Outcome)) o.fail(`expected one of ${OUTCOMES.join(', ')}`);
    return o.present ? (o.string() as Outcome) : undefined;
  }, undefined);
  const status = r.at('status').present ? field(r, 'status', (x) => x.int(100, 599), undefined) : undefined;
  const u = r.at('upstream');
  const upstream = u.present ? r.collect(() => (u.object(['headers', 'body', 'bodyContains']), expectedMessage(u)), undefined) : undefined;
  return {
    ...(outcome === undefined ? {} : { outcome }),
    ...(status === undefined ? {} : { status }),
    ...r.collect(() => expectedMessage(r), {}),
    ...(upstream === undefined ? {} : { upstream }),
  };
}

function expectedMessage(r: Reader): Pick<Expectation, 'headers' | 'body' | 'bodyContains'> {
  const h = r.at('headers');
  const headers = h.present
    ? Object.fromEntries(h.keys().map((k) => [k.toLowerCase(), h.at(k).value === null ? null : h.at(k).string()]))
    : undefined;
  return {
    ...(headers === undefined ? {} : { headers }),
    ...(r.at('body').present ? { body: r.at('body').string() } : {}),
    ...(r.at('bodyContains').present ? { bodyContains: r.at('bodyContains').string() } : {}),
  };
}

/** Headers as a map (`{k: v}`) or as a list of `[k, v]` pairs (for repeated headers). */
function pairs(r: Reader): Pairs {
  if (!r.present) return [];
  if (Array.isArray(r.value)) {
    return r.array().map((p) => {
      const [k, v, extra] = p.array();
      if (k === undefined || v === undefined || extra !== undefined) return p.fail('expected a [name, value] pair');
      return [headerName(k), scalar(v)] as const;
    });
  }
  return r.keys().map((k) => [headerName(r.at(k), k), scalar(r.at(k))] as const);
}

function headerName(r: Reader, key?: string): string {
  const name = (key ?? r.string()).toLowerCase();
  if (name === '' || /[\s\0]/.test(name)) r.fail(`"${name}" is not a header name`);
  return name;
}

/** Header values may be written as numbers in YAML (content-length: 67). */
function scalar(r: Reader): string {
  return typeof r.value === 'number' || typeof r.value === 'boolean' ? String(r.value) : r.string();
}

function chunks(r: Reader): string[] {
  if (!r.present) return [];
  if (typeof r.value === 'string') return r.value === '' ? [] : [r.value];
  return r.array().map((c) => c.string());
}

/** A stable x-request-id per scenario, so reports and traces are reproducible. */
function requestId(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
