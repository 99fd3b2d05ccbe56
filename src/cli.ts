#!/usr/bin/env node
/**
 * Entry point of the `wasm-verify` bin. Starts V8 compiling the named .wasm files first, so the
 * compile overlaps with loading the rest of wasm-verify, then runs the command line.
 */
import { prefetch } from './prefetch.js';

const args = process.argv.slice(2);
prefetch(args);
// The traffic worker starts now too: its start-up overlaps with loading and the static checks.
// Loaded only when traffic will run, so --static never pays for it.
const traffic = !args.includes('--static') && args.some((a) => a.endsWith('.wasm'));
const workers = traffic ? (await import('./run/pool.js')).createWorkerPool() : undefined;
const { runCli } = await import('./cli-main.js');
runCli(workers);
