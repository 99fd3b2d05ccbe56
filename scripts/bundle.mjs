#!/usr/bin/env node
/**
 * Build step after `tsc -b` (`npm run build`, `prepack`, `npm test`): the `wasm-verify` bin and
 * its traffic worker as one-file CommonJS bundles with a V8 code cache each, in dist/bundle/:
 *
 *   wasm-verify.cjs                the bin: loads cli.cjs with its cache (src/bin.ts)
 *   cli.cjs, cli.cjs.cache         the command line: dist/cli.js and all it imports, host shim included
 *   worker-bin.cjs                 the traffic worker's entry: loads worker.cjs (src/run/worker-bin.ts)
 *   worker.cjs, worker.cjs.cache   the worker: dist/run/worker.js and all it imports
 *
 * Why: Node 20 pays for every ES module it loads (resolve, read, compile, link: most of the CLI's
 * fixed cost with ~45 modules, and of the worker's start with ~60), and has no compile cache for
 * user code; see src/code-cache.ts for how a cache is checked and when it is ignored. The inputs
 * are tsc's output, so the bundles run the code the library API (dist/index.js) runs. Everything
 * here is rebuilt on every build: dist/bundle/ is emptied first. yargs, yaml and ajv stay in
 * node_modules (the CLI requires yargs only to render --help, yaml only to read YAML, ajv only to
 * validate a settings file).
 *
 * Kept as it was in separate files:
 * - `import.meta.url` of a bundled module is the URL of its file in dist/, so the paths it
 *   resolves (../package.json, docs/rules/, createRequire) do not move;
 * - WASM_VERIFY_WORKER, defined only in cli.cjs, makes src/run/pool.ts start worker-bin.cjs
 *   (built in the same step, so the two always match); elsewhere it starts dist/run/worker.js.
 *
 * The caches come from a training run of the new bin: a default verification of a sample plugin
 * (static checks, then traffic in the worker), each thread writing what it compiled. Each cache
 * is then checked in this process; one V8 rejects is deleted (the bundle still runs, uncached).
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const OUT = join(DIST, 'bundle');
export const BIN = join(OUT, 'wasm-verify.cjs');
const CLI = join(OUT, 'cli.cjs');
const WORKER_BIN = join(OUT, 'worker-bin.cjs');
const WORKER = join(OUT, 'worker.cjs');
const TRAINING_SAMPLE = join(ROOT, 'sample-plugins/build/go-llm-gateway.wasm');

const posix = (p) => p.split('\\').join('/');

/** `import.meta.url` of each bundled file, as the URL of the file it came from. */
const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const own = JSON.stringify(posix(relative(OUT, path)));
      return { contents: text.replaceAll('import.meta.url', `new URL(${own}, __bundle_url).href`), loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
  // The sources are ES modules, strict by definition; the CommonJS output must stay strict.
  banner: { js: '"use strict";\nvar __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [ownImportMetaUrl],
  external: ['yargs', 'yaml', 'ajv'],
  // import() of a package left outside (yaml) becomes require(): a vm.Script has no module loader.
  supported: { 'dynamic-import': false },
};

/** Payload bundles end with their build id (src/code-cache.ts), a digest of their text. */
function stamp(file) {
  const text = readFileSync(file, 'utf8').replace(/^#!.*\n/, '');
  // A dynamic import() would need a vm module hook (see `supported` above).
  if (/\bimport\(/.test(text)) throw new Error(`${relative(ROOT, file)}: a dynamic import() survived bundling`);
  const id = createHash('sha256').update(text).digest('hex').slice(0, 16);
  writeFileSync(file, `${text}\n//# bundle-id=${id}\n`);
}

/** V8 flag values to restore before a cache is written: the worker sets --wasm-max-mem-pages. */
function defaultFlags() {
  const r = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
  const m = /default: (--wasm-max-mem-pages=\d+)/.exec(r.stdout ?? '');
  return m?.[1] ?? '';
}

async function train() {
  if (!existsSync(TRAINING_SAMPLE)) {
    console.warn(`scripts/bundle.mjs: ${relative(ROOT, TRAINING_SAMPLE)} is missing: no code cache (the bundles run uncached)`);
    return;
  }
  const { TRAINING_ENV, compileBundle } = await import(pathToFileURL(join(DIST, 'code-cache.js')).href);
  const r = spawnSync(process.execPath, [BIN, '--no-color', TRAINING_SAMPLE], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, [TRAINING_ENV]: defaultFlags() },
  });
  if (r.status !== 0) throw new Error(`training run of ${relative(ROOT, BIN)} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  // Checked under the flags of a default run (the training run's): src/wasm-tier.ts.
  const { chooseWasmTier } = await import(pathToFileURL(join(DIST, 'wasm-tier.js')).href);
  chooseWasmTier([]);
  for (const bundle of [CLI, WORKER]) {
    const { cacheRejected } = compileBundle(bundle);
    if (cacheRejected === false) continue;
    rmSync(`${bundle}.cache`, { force: true });
    console.warn(`scripts/bundle.mjs: no usable code cache for ${relative(ROOT, bundle)} (${cacheRejected === undefined ? 'none written' : 'V8 rejected it'}): it runs uncached`);
  }
}

export async function bundle() {
  rmSync(OUT, { recursive: true, force: true });
  const worker = posix(relative(join(DIST, 'run'), WORKER_BIN));
  await Promise.all([
    build({ ...common, entryPoints: [join(DIST, 'cli.js')], outfile: CLI, define: { WASM_VERIFY_WORKER: JSON.stringify(worker) } }),
    build({ ...common, entryPoints: [join(DIST, 'run/worker.js')], outfile: WORKER }),
    build({ ...common, entryPoints: [join(DIST, 'bin.js')], outfile: BIN }),
    build({ ...common, entryPoints: [join(DIST, 'run/worker-bin.js')], outfile: WORKER_BIN }),
  ]);
  stamp(CLI);
  stamp(WORKER);
  chmodSync(BIN, 0o755);
  await train();
  return [BIN, CLI, WORKER_BIN, WORKER];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const f of await bundle()) console.log(`wrote ${relative(ROOT, f)}${existsSync(`${f}.cache`) ? ' (+ .cache)' : ''}`);
}
