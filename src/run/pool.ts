/**
 * Plugin workers started ahead of time: a worker thread takes tens of milliseconds to start and
 * load the emulated host, which can overlap with the static checks on the main thread. Each
 * worker still runs exactly one plugin job (a fresh VM per verification) and is then discarded.
 * Only node:worker_threads here, so creating a pool costs nothing to load.
 */
import { Worker } from 'node:worker_threads';

export interface WorkerPool {
  /** The started worker waiting for its job, or a new one. */
  take(): Worker;
  /** Terminates the idle worker (call when verification is over). */
  close(): Promise<void>;
}

/**
 * The compiled worker. From dist/run/pool.js it is ./worker.js; from the TypeScript source
 * (vitest) it is the build output ../../dist/run/worker.js, which exists after `tsc -b`.
 */
export function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/run/worker.js', here) : new URL('./worker.js', here);
}

/** JS heap of a worker: the emulated host's own data (logs, trace, buffers), not wasm memory. */
export const WORKER_HEAP_MB = 512;

export function spawnWorker(url: URL = workerUrl()): Worker {
  const worker = new Worker(url, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 64 } });
  // An idle worker must not keep the process alive, nor crash it if it fails to start.
  worker.unref();
  worker.on('error', () => {});
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
