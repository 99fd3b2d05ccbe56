/**
 * Whole-run budgets: what the plugin can make the host do and keep, beyond what one callback's
 * deadline or the guest's memory cap bound. Events (top-level plugin callbacks the host
 * dispatches) and wall time per scope (a scenario, start-up) and per run; bytes the host keeps
 * on the plugin's behalf (shared data, queues, logs, notes, buffers, headers, callouts, foreign
 * function output) against one budget that several hosts of a run may share. Crossing a limit
 * throws HostExhausted, which is never reported as the plugin's trap.
 */
import type { HostBudget, HostLimits } from './types.js';

export const DEFAULT_LIMITS: Required<HostLimits> = {
  maxEvents: 100_000,
  maxRunEvents: 1_000_000,
  maxHostBytes: 256 * 1024 * 1024,
  scopeWallMs: 0,
};

/** What the host keeps, by kind, for the message that names what grew. */
export type ChargeKind =
  | 'shared data'
  | 'shared queue messages'
  | 'logs'
  | 'host notes'
  | 'HTTP bodies and buffers'
  | 'header maps'
  | 'HTTP/gRPC/Redis callouts'
  | 'foreign function output';

/** A host limit was crossed: `limit` names which, `detail` says what grew and where. */
export class HostExhausted extends Error {
  override readonly name = 'HostExhausted';
  constructor(
    readonly limit: 'events' | 'time' | 'memory',
    readonly detail: string,
  ) {
    super(detail);
  }
}

export function isHostExhausted(e: unknown): e is HostExhausted {
  return e instanceof Error && e.name === 'HostExhausted' && typeof (e as HostExhausted).detail === 'string';
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const mib = (n: number): string => `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MiB`;

export class BudgetImpl implements HostBudget {
  readonly kind = 'host-budget' as const;
  readonly limits: Required<HostLimits>;
  private scope = 'start-up';
  private scopeStart = performance.now();
  private scopeEvents = 0;
  private runEvents = 0;
  /** Top-level callbacks in this scope, by name (a few dozen names at most). */
  private readonly byCallback = new Map<string, number>();
  private readonly bytes = new Map<ChargeKind, number>();
  total = 0;
  /** Sticky: once crossed, every later charge or event throws the same. */
  exhausted: HostExhausted | undefined;

  constructor(limits: HostLimits = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) };
  }

  beginScope(label: string): void {
    this.scope = label;
    this.scopeStart = performance.now();
    this.scopeEvents = 0;
    this.byCallback.clear();
  }

  private fail(e: HostExhausted): never {
    this.exhausted = e;
    throw e;
  }

  /** One top-level plugin callback is about to run. */
  event(callback: string): void {
    if (this.exhausted !== undefined) throw this.exhausted;
    this.scopeEvents++;
    this.runEvents++;
    this.byCallback.set(callback, (this.byCallback.get(callback) ?? 0) + 1);
    const l = this.limits;
    if (this.scopeEvents > l.maxEvents) this.fail(new HostExhausted('events', `${fmt(l.maxEvents)} plugin callbacks in ${this.scope} without it ending (${this.topCallbacks()}): posted work keeps posting more work (the event budget, --max-events)`));
    if (this.runEvents > l.maxRunEvents) this.fail(new HostExhausted('events', `${fmt(l.maxRunEvents)} plugin callbacks in the whole run (the run's event budget, 10 × --max-events); in ${this.scope}: ${this.topCallbacks()}`));
    if (l.scopeWallMs > 0 && (this.scopeEvents & 63) === 0) {
      const ms = performance.now() - this.scopeStart;
      if (ms > l.scopeWallMs) this.fail(new HostExhausted('time', `${this.scope} ran ${fmt(Math.round(ms))} ms of wall time over ${fmt(this.scopeEvents)} plugin callbacks (${this.topCallbacks()}), past its limit of ${fmt(l.scopeWallMs)} ms`));
    }
  }

  private topCallbacks(): string {
    const top = [...this.byCallback].sort((a, b) => b[1] - a[1]).slice(0, 3);
    return top.map(([n, c]) => `${n} ${c === 1 ? 'once' : `${fmt(c)} times`}`).join(', ');
  }

  /** The host is about to keep `n` more bytes of `kind` (call before copying them). */
  charge(kind: ChargeKind, n: number, by: string): void {
    if (this.exhausted !== undefined) throw this.exhausted;
    if (n <= 0) return;
    const limit = this.limits.maxHostBytes;
    if (this.total + n > limit) {
      const kinds = [...this.bytes].filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1]);
      const held = kinds.map(([k, b]) => `${k} ${mib(b)}`).join(', ');
      this.fail(new HostExhausted('memory', `${by} asked the host to keep ${mib(n)} more of ${kind} while it already keeps ${mib(this.total)} for the plugin${held === '' ? '' : ` (${held})`}, past the host memory budget of ${mib(limit)} (--host-memory)`));
    }
    this.total += n;
    this.bytes.set(kind, (this.bytes.get(kind) ?? 0) + n);
  }

  /** The host no longer keeps `n` bytes of `kind`. */
  release(kind: ChargeKind, n: number): void {
    if (n <= 0) return;
    const had = this.bytes.get(kind) ?? 0;
    const d = Math.min(had, n);
    this.bytes.set(kind, had - d);
    this.total -= d;
  }

  /** Bytes left under the budget (for outputs produced by the host, e.g. decompression). */
  remaining(): number {
    return Math.max(0, this.limits.maxHostBytes - this.total);
  }
}

/** One budget for a plugin run; pass it to every host of the run (HostOptions.budget). */
export function createHostBudget(limits?: HostLimits): HostBudget {
  return new BudgetImpl(limits);
}

export function asBudgetImpl(b: HostBudget | undefined, limits?: HostLimits): BudgetImpl {
  return (b as BudgetImpl | undefined) ?? new BudgetImpl(limits);
}

/** Host notes kept per host (beyond them a note is counted, not kept: the findings repeat anyway). */
export const MAX_NOTES = 10_000;
const NOTE_BYTES = 256;

/** The host's note list: each kept note is charged; beyond MAX_NOTES notes are dropped. */
export function boundedNotes<T>(charge: (bytes: number) => void): T[] {
  const list: T[] = [];
  const push = (...items: T[]): number => {
    for (const it of items) {
      if (list.length >= MAX_NOTES) break;
      charge(NOTE_BYTES);
      Array.prototype.push.call(list, it);
    }
    return list.length;
  };
  Object.defineProperty(list, 'push', { value: push, enumerable: false });
  return list;
}
