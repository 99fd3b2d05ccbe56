/**
 * Worker-thread entry: one plugin run, isolated so the supervisor can terminate it when a wasm
 * call never returns (a gateway has no such watchdog; we need one to report the CPU hang).
 * Started ahead of time by the pool, it loads the emulated host and waits for its one job.
 * Loaded as dist/run/worker.js, or bundled (dist/bundle/worker.cjs via worker-bin.cjs) by the bundled CLI; see pool.ts workerUrl.
 */
import { setFlagsFromString } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { runJob } from './driver.js';
import type { WorkerMessage } from './job.js';
import { ProgressWriter } from './progress.js';
import type { WorkerInput } from './supervisor.js';

parentPort?.once('message', (input: WorkerInput) => {
  const post = (m: WorkerMessage): void => parentPort?.postMessage(m);
  // The hosts cap a VM at maxMemoryBytes (V8 wasm_max_mem_pages = 16384, limits.h): memory.grow
  // beyond it must fail here too, as it does in the gateway (Node's own limit is 4 GiB).
  setFlagsFromString(`--wasm-max-mem-pages=${Math.floor(input.maxMemoryBytes / 65536)}`);
  try {
    runJob(input.job, new ProgressWriter(input.progress), post, { module: input.module, bytes: input.bytes, walked: input.walked });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    post({ type: 'internal-error', message: err.message, stack: err.stack ?? '' });
  }
});
