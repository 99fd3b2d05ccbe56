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
 * Exits with process.exitCode once stdout and stderr have taken all output. Node's own exit would
 * first free the heap and every handle, a few milliseconds that change nothing for a CLI.
 */
function exitWhenFlushed(): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit()));
}
