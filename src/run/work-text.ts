/**
 * Pending and delivered work in stall messages, grouped by kind and target with counts, and
 * capped: a plugin that answers every callout with another callout must not make a 300 KB
 * message ("5000 HTTP calls to cluster "auth", each answered 200").
 */
import type { Pending } from 'proxy-wasm-host-mock';

/** One event the virtual event loop delivered to the plugin. */
export interface Delivered {
  readonly kind: 'http' | 'grpc' | 'redis' | 'timer';
  /** `cluster "auth"`, `svc/Method`, or the timer's name (`the 100 ms timer of root context 1`). */
  readonly target: string;
  readonly token?: number;
  /** `answered 200`, `timed out after 1000 ms (504)`, `reset`, `fired`. */
  readonly result: string;
}

/** Groups listed at most; the rest are counted. */
const MAX_GROUPS = 4;
/** Tokens listed at most per group. */
const MAX_TOKENS = 3;

const CALL: Record<Exclude<Delivered['kind'], 'timer'>, [string, string]> = {
  http: ['HTTP call', 'HTTP calls'],
  grpc: ['gRPC call', 'gRPC calls'],
  redis: ['Redis call', 'Redis calls'],
};

/** "the HTTP call to cluster "auth" (token 4) was answered 200 and the 100 ms timer … fired 600 times". */
export function summarizeDelivered(delivered: readonly Delivered[]): string {
  if (delivered.length === 0) return 'none of it completed';
  const parts = groupBy(delivered, (d) => `${d.kind}|${d.target}|${d.result}`).map((g) => {
    const d = g[0] as Delivered;
    if (d.kind === 'timer') return { n: g.length, text: `${d.target} ${d.result}${g.length === 1 ? '' : ` ${g.length} times`}` };
    const [one, many] = CALL[d.kind];
    const text = g.length === 1 ? `the ${one} to ${d.target} (token ${d.token ?? '?'}) was ${d.result}` : `${g.length} ${many} to ${d.target}, each ${d.result}`;
    return { n: g.length, text };
  });
  return joinCapped(parts, 'more events');
}

/** "the HTTP call to cluster "auth" (token 4) and the 100 ms timer of root context 1". */
export function describePending(p: Pending): string {
  const calls: Array<{ kind: Exclude<Delivered['kind'], 'timer'>; target: string; token: number }> = [
    ...p.httpCalls.map((c) => ({ kind: 'http' as const, target: `cluster "${c.cluster}"`, token: c.token })),
    ...p.grpcCalls.map((c) => ({ kind: 'grpc' as const, target: `${c.serviceName}/${c.method}${c.kind === 'call' ? '' : ` (${c.kind})`}`, token: c.token })),
    ...p.redisCalls.map((c) => ({ kind: 'redis' as const, target: `cluster "${c.cluster}"`, token: c.token })),
  ];
  const parts = [
    ...groupBy(calls, (c) => `${c.kind}|${c.target}`).map((g) => {
      const c = g[0] as (typeof calls)[number];
      const [one, many] = CALL[c.kind];
      if (g.length === 1) return { n: 1, text: `the ${one} to ${c.target} (token ${c.token})` };
      const tokens = g.slice(0, MAX_TOKENS).map((x) => x.token).join(', ');
      return { n: g.length, text: `${g.length} ${many} to ${c.target} (tokens ${tokens}${g.length > MAX_TOKENS ? ', …' : ''})` };
    }),
    ...p.timers.map((t) => ({ n: 1, text: `the ${t.periodMs} ms timer of root context ${t.rootContextId}` })),
  ];
  return parts.length === 0 ? 'nothing' : joinCapped(parts, 'more');
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const g = map.get(k);
    if (g === undefined) map.set(k, [it]);
    else g.push(it);
  }
  return [...map.values()];
}

/** The first groups joined with "and"; the rest as one count. */
function joinCapped(parts: ReadonlyArray<{ n: number; text: string }>, more: string): string {
  const shown = parts.slice(0, MAX_GROUPS).map((p) => p.text);
  const hidden = parts.slice(MAX_GROUPS).reduce((n, p) => n + p.n, 0);
  return shown.join(' and ') + (hidden > 0 ? ` and ${hidden} ${more}` : '');
}
