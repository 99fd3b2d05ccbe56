#!/usr/bin/env node
/**
 * Builds dist/run/worker.bundle.mjs: the traffic worker (dist/run/worker.js and everything it
 * imports, host shim included) as one ES module, because Node 20 pays per module it loads and the
 * worker's ~60 modules are on the critical path of a verification on a busy machine. Writes
 * dist/run/worker.bundle.json with the size and mtime of every input: src/run/pool.ts uses the
 * bundle only while they all still match, so a later `tsc -b` can never run a stale worker.
 *
 *   node bench/bundle-worker.mjs    (after tsc -b; part of npm run build / prepare)
 *
 * esbuild comes with the dev dependencies (vitest); without it this does nothing.
 */
import { createRequire } from 'node:module';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist/run/worker.bundle.mjs');
const MANIFEST = join(ROOT, 'dist/run/worker.bundle.json');

export function bundleWorker() {
  let esbuild;
  try {
    esbuild = createRequire(join(ROOT, 'package.json'))('esbuild');
  } catch {
    rmSync(MANIFEST, { force: true });
    return null;
  }
  const result = esbuild.buildSync({
    entryPoints: [join(ROOT, 'dist/run/worker.js')],
    outfile: OUT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    metafile: true,
    logLevel: 'error',
  });
  const inputs = Object.keys(result.metafile.inputs).map((p) => {
    const abs = resolve(ROOT, p);
    const st = statSync(abs);
    return { file: relative(join(ROOT, 'dist/run'), abs), size: st.size, mtimeMs: st.mtimeMs };
  });
  writeFileSync(MANIFEST, JSON.stringify({ inputs }));
  return OUT;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = bundleWorker();
  console.log(out === null ? 'esbuild not installed: the worker runs unbundled (dist/run/worker.js)' : `wrote ${relative(ROOT, out)}`);
}
