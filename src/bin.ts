#!/usr/bin/env node
/**
 * The `wasm-verify` bin, bundled by scripts/bundle.mjs into dist/bundle/wasm-verify.cjs: runs the
 * command line (src/cli.ts) from its one-file bundle with the build's V8 code cache.
 */
import { fileURLToPath } from 'node:url';
import { runBundle } from './code-cache.js';
import { chooseWasmTier } from './wasm-tier.js';

// Before any bundle is compiled: the V8 flags must match those the code caches were made under.
chooseWasmTier(process.argv.slice(2));
runBundle(fileURLToPath(new URL('./bundle/cli.cjs', import.meta.url)));
