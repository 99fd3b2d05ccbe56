/**
 * Many files at once: a pool of at most `jobs` files in flight, results in input order whatever
 * order they finish in. The plugin runs themselves are worker threads (src/run), so files in
 * flight use as many cores; the static phase's short synchronous work interleaves on this thread.
 */
import { availableParallelism, totalmem } from 'node:os';

/** What one file of a traffic run may hold per host: wasm memory up to the profile's cap (1 GiB) and the worker's own heap. */
const MEMORY_PER_HOST = 1.5 * 1024 ** 3;

/**
 * Default for `jobs` (--jobs): every core, but no more files in flight than the machine's memory
 * holds if each of their plugins grew to the cap (a gate must never exhaust its machine).
 */
export function defaultJobs(hostsPerFile: number, traffic: boolean): number {
  const cores = availableParallelism();
  if (!traffic) return cores;
  return Math.max(1, Math.min(cores, Math.floor(totalmem() / (MEMORY_PER_HOST * Math.max(1, hostsPerFile)))));
}

/** A file's verification starting or ending (for a progress line). */
export interface FileProgress {
  readonly type: 'start' | 'done';
  /** Position in the input order, from 0. */
  readonly index: number;
  readonly file: string;
  readonly total: number;
}

/**
 * `fn` over `items`, at most `limit` at once, results in input order. After a failure no further
 * item starts; the ones running are awaited, then the first failure is thrown.
 */
export async function mapInOrder<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!, i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure !== undefined) throw failure.error;
  return out;
}
