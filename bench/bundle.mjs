#!/usr/bin/env node
/**
 * Builds dist/wasm-verify.mjs: the CLI as one ES module (esbuild), for start-up time. Node 20 pays
 * per ES module it loads; one file instead of ~45 brings `--static` close to a bare compile.
 * Lazily loaded parts (traffic phase, inspect, rules docs, --config) and the host shim stay
 * separate modules, so module identity with src/run is unchanged.
 *
 *   node bench/bundle.mjs            -> dist/wasm-verify.mjs (needs `tsc -b` output in dist/)
 *
 * esbuild is not a dependency of wasm-verify: this uses the copy vitest brings, and says so when
 * it is missing.
 */
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

export function bundle(outfile = join(ROOT, 'dist/wasm-verify.mjs')) {
  let esbuild;
  try {
    esbuild = createRequire(join(ROOT, 'package.json'))('esbuild');
  } catch {
    return null;
  }
  esbuild.buildSync({
    entryPoints: [join(ROOT, 'dist/cli.js')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    external: [
      'yargs', 'yargs/helpers', 'yargs-parser', 'yaml',
      'proxy-wasm-host-mock', 'proxy-wasm-host-mock/*',
      './run/index.js', './index.js', './config.js', './formatters/inspect.js', './rules/docs.js',
    ],
  });
  return outfile;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = bundle();
  if (out === null) {
    console.error('esbuild is not installed (it comes with the dev dependencies: npm ci)');
    process.exit(1);
  }
  console.log(`wrote ${out}`);
}
