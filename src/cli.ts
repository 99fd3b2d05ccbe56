#!/usr/bin/env node
/**
 * Entry point of the command line (bundled into dist/bundle/cli.cjs by scripts/bundle.mjs; the
 * `wasm-verify` bin loads that bundle). Starts the traffic worker and V8's compile of the named
 * .wasm files first, so both overlap with loading the rest of wasm-verify, then runs the command
 * line. No top-level await: the bundle is a CommonJS script, compiled with V8's code cache.
 */
import { prefetch } from './prefetch.js';

const args = process.argv.slice(2);
// The worker first: a thread takes longest to start. Loaded only when traffic will run, so
// --static never pays for it.
const traffic = !args.includes('--static') && args.some((a) => a.endsWith('.wasm'));
const workers = traffic ? import('./run/pool.js').then((m) => m.createWorkerPool()) : Promise.resolve(undefined);
void workers
  .then((pool) => {
    prefetch(args);
    return import('./cli-main.js').then(({ runCli }) => runCli(pool));
  })
  .then(exitWhenFlushed);

/**
 * Exits with process.exitCode once the output is flushed. Node's own exit would first free the
 * heap and every handle, a few milliseconds that change nothing for a CLI. wasm-verify writes to
 * stderr only for usage and internal errors (exit 2 and 3): only then is stderr flushed too, since
 * creating the stream (a pipe loads node:net) costs about a millisecond.
 */
function exitWhenFlushed(): void {
  const exit = (): never => process.exit();
  const errors = process.exitCode === 2 || process.exitCode === 3;
  process.stdout.write('', errors ? () => process.stderr.write('', exit) : exit);
}
