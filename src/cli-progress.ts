/**
 * The progress line of a long run, on stderr and only on a terminal (never in a CI log or a
 * pipe): files done / total and the file running longest, redrawn in place, erased at the end.
 */
import type { FileProgress } from './parallel.js';

/** Nothing is drawn for a run that ends sooner (no flicker on quick runs). */
const FIRST_DRAW_MS = 400;
const REDRAW_MS = 200;

/** The line for a state (pure: tested without a terminal); a long file name loses its start, never the time. */
export function progressLine(done: number, total: number, longest: { readonly file: string; readonly ms: number } | undefined, columns: number): string {
  const head = `wasm-verify: ${done}/${total} file${total === 1 ? '' : 's'} done`;
  const width = Math.max(20, columns - 1);
  if (longest === undefined) return head.slice(0, width);
  const time = ` (${(longest.ms / 1000).toFixed(1)} s)`;
  const room = width - head.length - '; running '.length - time.length;
  if (room < 8) return head.slice(0, width);
  const file = longest.file.length <= room ? longest.file : `…${longest.file.slice(longest.file.length - room + 1)}`;
  return `${head}; running ${file}${time}`;
}

/** What the line is drawn on: a terminal's stderr. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(s: string): boolean;
}

export interface ProgressReporter {
  readonly onProgress: (e: FileProgress) => void;
  /** Erases the line (call before printing the report). */
  stop(): void;
}

/** A reporter drawing on `stream` when it is a terminal; otherwise one that does nothing. */
export function createProgress(stream: ProgressStream, now: () => number = () => performance.now()): ProgressReporter {
  if (stream.isTTY !== true) return { onProgress: () => undefined, stop: () => undefined };
  const running = new Map<number, { file: string; since: number }>();
  let done = 0;
  let total = 0;
  let drawn = false;
  const started = now();
  const draw = (): void => {
    if (now() - started < FIRST_DRAW_MS) return;
    let longest: { file: string; ms: number } | undefined;
    for (const r of running.values()) if (longest === undefined || now() - r.since > longest.ms) longest = { file: r.file, ms: now() - r.since };
    stream.write(`\r\u001b[2K${progressLine(done, total, longest, stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80)}`);
    drawn = true;
  };
  const timer = setInterval(draw, REDRAW_MS);
  timer.unref();
  return {
    onProgress(e) {
      total = e.total;
      if (e.type === 'start') running.set(e.index, { file: e.file, since: now() });
      else {
        running.delete(e.index);
        done++;
      }
    },
    stop() {
      clearInterval(timer);
      if (drawn) stream.write('\r\u001b[2K');
      drawn = false;
    },
  };
}
