/**
 * Plugin workers started ahead of time: a worker thread takes tens of milliseconds to start and
 * load the emulated host, which can overlap with the static checks on the main thread. Each
 * worker still runs exactly one plugin job (a fresh VM per verification) and is then discarded.
 * Only node: modules here, so creating a pool costs nothing to load.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export interface WorkerPool {
  /** The started worker waiting for its job, or a new one. */
  take(): Worker;
  /** Terminates the idle worker (call when verification is over). */
  close(): Promise<void>;
}

/**
 * The compiled worker. From dist/run/pool.js it is ./worker.js, or the one-module bundle
 * ./worker.bundle.mjs while it matches its inputs (bench/bundle-worker.mjs); from the TypeScript
 * source (vitest) it is the build output ../../dist/run/worker.js, which exists after `tsc -b`.
 */
export function workerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL('../../dist/run/worker.js', here);
  const bundle = new URL('./worker.bundle.mjs', here);
  return bundleIsFresh(new URL('./worker.bundle.json', here), bundle) ? bundle : new URL('./worker.js', here);
}

/** Every input of the bundle still has the size and mtime it was bundled from. */
function bundleIsFresh(manifest: URL, bundle: URL): boolean {
  try {
    const { inputs } = JSON.parse(readFileSync(manifest, 'utf8')) as { inputs: Array<{ file: string; size: number; mtimeMs: number }> };
    if (!existsSync(bundle) || inputs.length === 0) return false;
    return inputs.every((i) => {
      const st = statSync(new URL(i.file, manifest));
      return st.size === i.size && st.mtimeMs === i.mtimeMs;
    });
  } catch {
    return false;
  }
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
