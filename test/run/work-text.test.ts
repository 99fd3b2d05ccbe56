/** Pending and delivered work in stall messages: grouped, counted, capped. */
import type { Pending } from 'proxy-wasm-host-mock';
import { describe, expect, test } from 'vitest';
import { describePending, summarizeDelivered, type Delivered } from '../../src/run/work-text.js';

const http = (token: number, cluster = 'auth'): Pending['httpCalls'][number] =>
  ({ token, cluster, issuedAtMs: 0, timeoutMs: 1000, contextId: 1 }) as unknown as Pending['httpCalls'][number];
const pending = (p: Partial<Pending>): Pending => ({ timers: [], httpCalls: [], grpcCalls: [], redisCalls: [], ...p }) as Pending;

describe('describePending', () => {
  test('one call by its token; several to one cluster counted, tokens capped', () => {
    expect(describePending(pending({ httpCalls: [http(4)] }))).toBe('the HTTP call to cluster "auth" (token 4)');
    expect(describePending(pending({ httpCalls: [4, 8, 12, 16, 20].map((t) => http(t)) }))).toBe('5 HTTP calls to cluster "auth" (tokens 4, 8, 12, …)');
  });

  test('at most four groups; the rest is a count', () => {
    const calls = ['a', 'b', 'c', 'd', 'e', 'e', 'f'].map((c, i) => http(i + 1, c));
    expect(describePending(pending({ httpCalls: calls }))).toBe(
      'the HTTP call to cluster "a" (token 1) and the HTTP call to cluster "b" (token 2) and the HTTP call to cluster "c" (token 3) and the HTTP call to cluster "d" (token 4) and 3 more',
    );
    expect(describePending(pending({}))).toBe('nothing');
  });
});

describe('summarizeDelivered', () => {
  test('grouped by kind, target and result, with counts', () => {
    const d: Delivered[] = [
      ...Array.from({ length: 3 }, (_, i): Delivered => ({ kind: 'http', target: 'cluster "auth"', token: i, result: 'answered 200' })),
      { kind: 'http', target: 'cluster "auth"', token: 9, result: 'reset' },
      { kind: 'timer', target: 'the 1 ms timer of root context 1', result: 'fired' },
      { kind: 'timer', target: 'the 1 ms timer of root context 1', result: 'fired' },
    ];
    expect(summarizeDelivered(d)).toBe(
      '3 HTTP calls to cluster "auth", each answered 200 and the HTTP call to cluster "auth" (token 9) was reset and the 1 ms timer of root context 1 fired 2 times',
    );
    expect(summarizeDelivered([])).toBe('none of it completed');
  });

  test('stays short whatever the plugin does', () => {
    const d = Array.from({ length: 5000 }, (_, i): Delivered => ({ kind: 'http', target: `cluster "c${i % 50}"`, token: i, result: `answered ${200 + (i % 7)}` }));
    expect(summarizeDelivered(d).length).toBeLessThan(400);
    expect(summarizeDelivered(d)).toMatch(/ and \d+ more events$/);
  });
});
