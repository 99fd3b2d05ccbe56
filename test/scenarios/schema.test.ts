/**
 * schemas/scenario.schema.json, the published schema of scenario files, against the parser that
 * really reads them: the built-ins are valid, and the schema and the parser agree on a table of
 * valid and invalid files.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../src/scenarios/builtin/index.js';
import { parseScenario, ScenarioError } from '../../src/scenarios/index.js';
import { schemaErrors } from '../helpers/schemas.js';

describe('scenario schema', () => {
  it.each(BUILTIN_SCENARIOS.map((s) => [(s as { name: string }).name, s] as const))('built-in %s is valid', (_, s) => {
    expect(schemaErrors('scenario', s)).toBe('');
  });

  it('a list of scenarios and { scenarios: [...] } are valid files; an empty { scenarios: [] } is not', () => {
    expect(schemaErrors('scenario', [...BUILTIN_SCENARIOS])).toBe('');
    expect(schemaErrors('scenario', { scenarios: [...BUILTIN_SCENARIOS] })).toBe('');
    expect(schemaErrors('scenario', { scenarios: [] })).not.toBe('');
  });

  const valid: unknown[] = [
    { name: 'x' },
    { name: 'a.b_c-1', description: 'd', request: { method: 'POST', path: '/p', headers: [['X-A', '1'], ['x-a', 2]], body: ['a', 'b'], trailers: { t: true }, envoyHeaders: false } },
    { name: 'x', upstream: { status: 201, headers: { 'content-type': 'application/json' }, body: '{}' } },
    { name: 'x', mocks: { http: { auth: { status: 401, delayMs: 20, reset: false, never: false } }, grpc: { g: { status: 14, message: 'm' } }, redis: { r: { replies: [':1\r\n'] }, s: { reply: '+OK\r\n', status: 1 } } } },
    { name: 'x', properties: { route_name: 'chat', 'request.size': 5, 'connection.mtls': true } },
    { name: 'x', fault: 'timeout' },
    { name: 'x', expect: { outcome: 'local-response', status: 401, headers: { 'www-authenticate': 'Bearer', gone: null }, upstream: { bodyContains: 'gpt' } } },
  ];
  const invalid: unknown[] = [
    {},
    { name: 'a b' },
    { name: 'x', requets: {} },
    { name: 'x', request: { bdy: 'x' } },
    { name: 'x', request: { headers: { a: {} } } },
    { name: 'x', request: { headers: [['a']] } },
    { name: 'x', request: { headers: { 'bad name': 'v' } } },
    { name: 'x', upstream: { status: 99 } },
    { name: 'x', mocks: { http: { auth: { delayMs: -1 } } } },
    { name: 'x', mocks: { grpc: { g: { status: 17 } } } },
    { name: 'x', mocks: { redis: { r: { reply: 'a', replies: ['b'] } } } },
    { name: 'x', mocks: { redis: { r: { replies: [] } } } },
    { name: 'x', properties: { p: 1.5 } },
    { name: 'x', properties: { p: {} } },
    { name: 'x', expect: { outcome: 'fine' } },
    { name: 'x', fault: 'boom' },
    { name: 'x', expect: { headers: { a: 1 } } },
    { name: 'x', expect: { upstream: { status: 200 } } },
  ];

  const parses = (doc: unknown): boolean => {
    try {
      parseScenario(doc, 'f');
      return true;
    } catch (e) {
      if (e instanceof ScenarioError) return false;
      throw e;
    }
  };

  it.each(valid.map((d) => [JSON.stringify(d), d] as const))('valid for both: %s', (_, doc) => {
    expect(parses(doc)).toBe(true);
    expect(schemaErrors('scenario', doc)).toBe('');
  });

  it.each(invalid.map((d) => [JSON.stringify(d), d] as const))('invalid for both: %s', (_, doc) => {
    expect(parses(doc)).toBe(false);
    expect(schemaErrors('scenario', doc)).not.toBe('');
  });
});
