/** Structured host<->vm trace in a bounded ring buffer, printed like cpp-host (src/v8/v8.cc). */
import type { TraceEvent } from './types.js';

export class Trace {
  private readonly events: TraceEvent[] = [];
  private start = 0;
  dropped = 0;

  constructor(
    private readonly limit: number,
    private readonly listener?: (e: TraceEvent) => void,
  ) {}

  push(dir: TraceEvent['dir'], text: string): void {
    const ev = { dir, text };
    this.listener?.(ev);
    if (this.events.length < this.limit) {
      this.events.push(ev);
      return;
    }
    this.events[this.start] = ev;
    this.start = (this.start + 1) % this.limit;
    this.dropped++;
  }

  list(): TraceEvent[] {
    return [...this.events.slice(this.start), ...this.events.slice(0, this.start)];
  }

  last(n: number): TraceEvent[] {
    const all = this.list();
    return all.slice(Math.max(0, all.length - n));
  }
}

export function formatTrace(events: readonly TraceEvent[]): string {
  return events.map((e) => `[${e.dir}] ${e.text}`).join('\n');
}

/** Argument list as cpp-host prints it: decimal values separated by ", ". */
export function formatArgs(args: ReadonlyArray<number | bigint>): string {
  return args.map((a) => (typeof a === 'bigint' ? a.toString() : String(a >>> 0))).join(', ');
}
