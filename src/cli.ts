#!/usr/bin/env node
/**
 * Entry point of the `wasm-verify` bin. Starts V8 compiling the named .wasm files first, so the
 * compile overlaps with loading the rest of wasm-verify, then runs the command line.
 */
import { prefetch } from './prefetch.js';

prefetch(process.argv.slice(2));
const { runCli } = await import('./cli-main.js');
runCli();
