#!/usr/bin/env node
/**
 * The `wasm-verify` bin, bundled by scripts/bundle.mjs into dist/bundle/wasm-verify.cjs: runs the
 * command line (src/cli.ts) from its one-file bundle with the build's V8 code cache.
 */
import { fileURLToPath } from 'node:url';
import { runBundle } from './code-cache.js';

runBundle(fileURLToPath(new URL('./bundle/cli.cjs', import.meta.url)));
