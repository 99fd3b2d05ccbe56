#!/usr/bin/env node
/**
 * Entry point of the command line (bundled into dist/bundle/cli.cjs by scripts/bundle.mjs; the
 * `wasm-verify` bin loads that bundle). Starts the traffic worker and V8's compile of the named
 * .wasm files first, so both overlap with loading the rest of wasm-verify, then runs the command
 * line. What starts early is a guess from the raw arguments (src/prefetch.ts); the command line
 * decides from the parsed ones what is used. No top-level await: the bundle is a CommonJS script,
 * compiled with V8's code cache.
 */
import { prefetch, startupHint } from './prefetch.js';

const args = process.argv.slice(2);
const hint = startupHint(args);
// The worker first: a thread takes longest to start. Loaded only when traffic will probably run,
// so --static never pays for it.
const workers = hint.traffic ? import('./run/pool.js').then((m) => m.createWorkerPool()) : Promise.resolve(undefined);
void workers
  .then((pool) => {
    const prefetched = prefetch(hint.wasm);
    return import('./cli-main.js').then(({ runCli }) => runCli(args, { ...(pool === undefined ? {} : { workers: pool }), prefetched }));
  })
  .then(exitWhenFlushed);

/**
 * Exits with process.exitCode once the output is flushed. Node's own exit would first free the
 * heap and every handle, a few milliseconds that change nothing for a CLI. wasm-verify writes to
 * stderr only for warnings, usage and internal errors: only then is stderr flushed too, since
 * creating the stream (a pipe loads node:net) costs about a millisecond.
 */
function exitWhenFlushed(wroteStderr: boolean): void {
  const exit = (): never => process.exit();
  process.stdout.write('', wroteStderr ? () => process.stderr.write('', exit) : exit);
}
