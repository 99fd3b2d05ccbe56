/**
 * The traffic worker's entry in the bundled CLI (dist/bundle/worker-bin.cjs, scripts/bundle.mjs):
 * runs src/run/worker.ts from its one-file bundle with the build's V8 code cache.
 */
import { fileURLToPath } from 'node:url';
import { runBundle } from '../code-cache.js';

runBundle(fileURLToPath(new URL('../bundle/worker.cjs', import.meta.url)));
