#!/usr/bin/env node
/**
 * Entry point of the command line (bundled into dist/bundle/cli.cjs by scripts/bundle.mjs; the
 * `wasm-verify` bin loads that bundle). Starts V8 compiling the named .wasm files first, so the
 * compile overlaps with loading the rest of wasm-verify, then runs the command line.
 * No top-level await: the bundle is a CommonJS script, compiled with V8's code cache.
 */
import { prefetch } from './prefetch.js';

const args = process.argv.slice(2);
prefetch(args);
// The traffic worker starts now too: its start-up overlaps with loading and the static checks.
// Loaded only when traffic will run, so --static never pays for it.
const traffic = !args.includes('--static') && args.some((a) => a.endsWith('.wasm'));
const workers = traffic ? import('./run/pool.js').then((m) => m.createWorkerPool()) : undefined;
void Promise.all([workers, import('./cli-main.js')]).then(([pool, { runCli }]) => runCli(pool));
