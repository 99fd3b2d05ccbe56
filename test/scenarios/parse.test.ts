import { describe, expect, test } from 'vitest';
import { parseScenario, ScenarioError } from '../../src/scenarios/index.js';
import { InputError } from '../../src/errors.js';

describe('parseScenario: valid input, normalized', () => {
  test('shortcuts become pseudo-headers; defaults fill the rest', () => {
    const s = parseScenario({ name: 'x', request: { method: 'PUT', path: '/a' } }, 'f.yaml');
    expect(s.request.headers.slice(0, 4)).toEqual([
      [':method', 'PUT'],
      [':scheme', 'http'],
      [':authority', 'example.com'],
      [':path', '/a'],
    ]);
    expect(s.upstream.headers).toEqual([[':status', '200'], ['content-length', '0']]);
    expect(s.mocks).toEqual({ http: {}, grpc: {}, redis: {} });
  });

  test('headers as a map or as pairs (repeated), keys lower-cased, numbers accepted', () => {
    const s = parseScenario(
      { name: 'x', request: { headers: [['X-A', '1'], ['x-a', '2']], body: ['ab', 'c'] }, upstream: { headers: { 'Content-Length': 3 } } },
      'f',
    );
    expect(s.request.headers.filter(([k]) => k === 'x-a')).toEqual([['x-a', '1'], ['x-a', '2']]);
    expect(s.request.headers).toContainEqual(['content-length', '3']);
    expect(s.upstream.headers).toContainEqual(['content-length', '3']);
  });

  test('envoyHeaders: false leaves the request as written', () => {
    const s = parseScenario({ name: 'x', request: { envoyHeaders: false } }, 'f');
    expect(s.request.headers.map(([k]) => k)).toEqual([':method', ':scheme', ':authority', ':path']);
  });

  test('mocks, properties and expectations', () => {
    const s = parseScenario(
      {
        name: 'x',
        mocks: { http: { auth: { status: 401, delayMs: 10 } }, redis: { r: { replies: [':1\r\n', ':2\r\n'] } }, grpc: { g: { status: 14 } } },
        properties: { route_name: 'chat', 'request.size': 5, 'connection.mtls': true },
        expect: { status: 401, headers: { 'X-Denied': '1', 'x-gone': null }, outcome: 'local-response', upstream: { bodyContains: 'hi' } },
      },
      'f',
    );
    expect(s.mocks.http['auth']).toMatchObject({ status: 401, delayMs: 10, body: '', reset: false, never: false });
    expect(s.mocks.redis['r']?.replies).toEqual([':1\r\n', ':2\r\n']);
    expect(s.mocks.grpc['g']?.status).toBe(14);
    expect(s.properties).toEqual({ route_name: 'chat', 'request.size': 5, 'connection.mtls': true });
    expect(s.expect).toEqual({ outcome: 'local-response', status: 401, headers: { 'x-denied': '1', 'x-gone': null }, upstream: { bodyContains: 'hi' } });
  });
});

describe('parseScenario: invalid input names the file, the key and the problem', () => {
  const cases: Array<[string, unknown, string]> = [
    ['not an object', [], 'f: expected an object, got a list'],
    ['no name', {}, 'f: name: expected a string, got nothing'],
    ['bad name', { name: 'a b' }, 'f: name: use letters'],
    ['unknown top-level key', { name: 'x', requets: {} }, 'f: unknown key "requets"'],
    ['unknown request key', { name: 'x', request: { bdy: 'x' } }, 'f: request: unknown key "bdy"'],
    ['header value type', { name: 'x', request: { headers: { a: {} } } }, 'f: request.headers.a: expected a string, got an object'],
    ['bad pair', { name: 'x', request: { headers: [['a']] } }, 'f: request.headers[0]: expected a [name, value] pair'],
    ['pseudo twice', { name: 'x', request: { path: '/', headers: { ':path': '/b' } } }, 'f: request.path: given twice'],
    ['status range', { name: 'x', upstream: { status: 99 } }, 'f: upstream.status: expected an integer from 100 to 599, got 99'],
    ['body chunk type', { name: 'x', request: { body: ['a', 1] } }, 'f: request.body[1]: expected a string, got number 1'],
    ['mock key', { name: 'x', mocks: { http: { auth: { staus: 200 } } } }, 'f: mocks.http.auth: unknown key "staus"'],
    ['negative delay', { name: 'x', mocks: { redis: { r: { delayMs: -1 } } } }, 'f: mocks.redis.r.delayMs: expected an integer from 0'],
    ['reply and replies', { name: 'x', mocks: { redis: { r: { reply: 'a', replies: ['b'] } } } }, 'f: mocks.redis.r.replies: give either'],
    ['outcome', { name: 'x', expect: { outcome: 'ok' } }, 'f: expect.outcome: expected one of forwarded, local-response'],
    ['property type', { name: 'x', properties: { a: [1] } }, 'f: properties.a: expected a string, got a list'],
  ];
  test.each(cases)('%s', (_, raw, message) => {
    let err: unknown;
    try {
      parseScenario(raw, 'f');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message.startsWith(message)).toBe(true);
  });
});

describe('parseScenario: a file is checked as a whole', () => {
  test('one error lists every problem, in the order of the keys', () => {
    const raw = { name: 'y', request: { method: 5, path: '/', bdy: 'x' }, mocks: { http: { auth: { status: 'abc', delayMs: -1 } } }, expect: { outcome: 'flying' } };
    let err: ScenarioError | undefined;
    try {
      parseScenario(raw, 'f');
    } catch (e) {
      err = e as ScenarioError;
    }
    expect(err?.problems.map((p) => p.path)).toEqual(['request', 'request.method', 'mocks.http.auth.status', 'mocks.http.auth.delayMs', 'expect.outcome']);
    expect(err?.message).toBe(
      [
        'f: 5 problems:',
        '  request: unknown key "bdy" (allowed: method, path, authority, scheme, headers, body, trailers, envoyHeaders)',
        '  request.method: expected a string, got number 5',
        '  mocks.http.auth.status: expected an integer, got the string "abc"',
        '  mocks.http.auth.delayMs: expected an integer from 0 to 86400000, got -1',
        '  expect.outcome: expected one of forwarded, local-response, hang, stall, cpu-hang, trap, error',
      ].join('\n'),
    );
  });

  test('several unknown keys are named together', () => {
    expect(() => parseScenario({ name: 'x', requets: {}, mock: {} }, 'f')).toThrow('f: unknown keys "requets", "mock" (allowed:');
  });
});
