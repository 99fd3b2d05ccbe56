/**
 * Plugin workers started ahead of time: a worker thread takes tens of milliseconds to start and
 * load the emulated host, which can overlap with the static checks on the main thread. Each
 * worker still runs exactly one plugin job (a fresh VM per verification) and is then discarded.
 * Only node: modules here, so creating a pool costs nothing to load.
 */
import { Worker } from 'node:worker_threads';

export interface WorkerPool {
  /** The started worker waiting for its job, or a new one. */
  take(): Worker;
  /** Terminates the idle worker (call when verification is over). */
  close(): Promise<void>;
}

/**
 * Defined only inside the bundled CLI (scripts/bundle.mjs): the bundled worker, relative to
 * dist/run/, built in the same step as the CLI bundle, so the two always match.
 */
declare const WASM_VERIFY_WORKER: string | undefined;

/**
 * The compiled worker: in the bundled CLI dist/bundle/worker-bin.cjs (the bundled worker with its
 * code cache); from dist/run/pool.js (the library) ./worker.js; from the TypeScript source
 * (vitest) the build output ../../dist/run/worker.js, which exists after `tsc -b`.
 */
export function workerUrl(): URL {
  const here = import.meta.url;
  if (typeof WASM_VERIFY_WORKER === 'string') return new URL(WASM_VERIFY_WORKER, here);
  return new URL(here.endsWith('.ts') ? '../../dist/run/worker.js' : './worker.js', here);
}

/**
 * JS heap of a worker: the emulated host's own data (logs, trace, buffers), not wasm memory.
 * Above twice the hosts' 1 GiB wasm cap: V8 runs a full GC on every memory.grow once external
 * memory passes half this limit (measured: 512 made a grow-to-the-cap loop take ~28 s instead
 * of ~3 s, and terminate() waits for such a loop to end).
 */
export const WORKER_HEAP_MB = 2560;

/** Exit codes of started workers that exited before anyone listened (a supervisor must not wait forever). */
const exitedEarly = new WeakMap<Worker, number>();

/** The exit code of a worker that has already exited, if it has. */
export function exitCodeOf(worker: Worker): number | undefined {
  return exitedEarly.get(worker);
}

export function spawnWorker(url: URL = workerUrl()): Worker {
  const worker = new Worker(url, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 64 } });
  // An idle worker must not keep the process alive, nor crash it if it fails to start.
  worker.unref();
  worker.on('error', () => {});
  worker.once('exit', (code) => exitedEarly.set(worker, code));
  return worker;
}

export function createWorkerPool(url?: URL): WorkerPool {
  let idle: Worker | undefined = spawnWorker(url);
  return {
    take(): Worker {
      const w = idle ?? spawnWorker(url);
      idle = undefined;
      return w;
    },
    async close(): Promise<void> {
      const w = idle;
      idle = undefined;
      if (w !== undefined) await w.terminate();
    },
  };
}
