/**
 * Structured host<->vm trace in a bounded ring buffer, printed like cpp-host (src/v8/v8.cc).
 * Events keep their parts (callee, arguments, result) and are formatted only when read: a busy
 * plugin makes millions of hostcalls whose trace is never printed.
 */
import type { TraceEvent, TraceRecord } from './types.js';

type Dir = TraceEvent['dir'];
type Arg = number | bigint;

class Record implements TraceRecord {
  private formatted: string | undefined;

  constructor(
    readonly dir: Dir,
    readonly kind: TraceRecord['kind'],
    readonly callee: string,
    readonly args: readonly Arg[] | undefined,
    readonly result: number | undefined,
    readonly note: string | undefined,
  ) {}

  get text(): string {
    if (this.formatted === undefined) {
      if (this.kind === 'call') this.formatted = `${this.callee}(${formatArgs(this.args ?? [])})`;
      else if (this.kind === 'return') this.formatted = `${this.callee} return: ${this.result === undefined ? 'void' : String(this.result)}${this.note === undefined ? '' : ` (${this.note})`}`;
      else this.formatted = this.callee;
    }
    return this.formatted;
  }
}

export class Trace {
  private readonly events: Record[] = [];
  private start = 0;
  dropped = 0;

  constructor(
    private readonly limit: number,
    private readonly listener?: (e: TraceRecord) => void,
  ) {}

  /** A line of free text. */
  push(dir: Dir, text: string): void {
    this.add(new Record(dir, 'text', text, undefined, undefined, undefined));
  }

  /** `callee(args)`; `args` is kept, not copied: the caller must not change it. */
  call(dir: Dir, callee: string, args: readonly Arg[]): void {
    this.add(new Record(dir, 'call', callee, args, undefined, undefined));
  }

  /** `callee return: result` (`void` when undefined), then ` (note)` when there is one. */
  returned(dir: Dir, callee: string, result: number | undefined, note?: string): void {
    this.add(new Record(dir, 'return', callee, undefined, result, note));
  }

  private add(ev: Record): void {
    this.listener?.(ev);
    if (this.events.length < this.limit) {
      this.events.push(ev);
      return;
    }
    this.events[this.start] = ev;
    this.start = (this.start + 1) % this.limit;
    this.dropped++;
  }

  /** The kept events, oldest first, as plain data. */
  list(): TraceEvent[] {
    return [...this.events.slice(this.start), ...this.events.slice(0, this.start)].map(plain);
  }

  /** The newest `n` events (at most), oldest first, as plain data. */
  last(n: number): TraceEvent[] {
    const count = Math.min(Math.max(0, n), this.events.length);
    const out: TraceEvent[] = [];
    for (let i = this.events.length - count; i < this.events.length; i++) {
      const ev = this.events[(this.start + i) % this.events.length];
      if (ev !== undefined) out.push(plain(ev));
    }
    return out;
  }
}

function plain(e: TraceEvent): TraceEvent {
  return { dir: e.dir, text: e.text };
}

export function formatTrace(events: readonly TraceEvent[]): string {
  return events.map((e) => `[${e.dir}] ${e.text}`).join('\n');
}

/** Argument list as cpp-host prints it: decimal values separated by ", ". */
export function formatArgs(args: ReadonlyArray<number | bigint>): string {
  return args.map((a) => (typeof a === 'bigint' ? a.toString() : String(a >>> 0))).join(', ');
}
