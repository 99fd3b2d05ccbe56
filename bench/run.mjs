#!/usr/bin/env node
/**
 * npm run bench: the two start-up goals, on the largest sample module (or the one given), each
 * run as a fresh node process, with the CLI users get (package.json's bin; `npm run build` first).
 *
 *   1. `wasm-verify --static` next to Node's bare start + `new WebAssembly.Module(bytes)` (goal < 1.2x)
 *   2. a default verification (static checks, then traffic in a worker) next to Node's bare start +
 *      compile + instantiate + `_initialize` of the same module (bench/traffic.mjs; goal < 1.5x)
 *
 *   3. the whole sample set in one invocation next to one invocation per file (bench/many.mjs;
 *      goal: within 1.2x (sum of the single runs) / cores)
 *
 *   node bench/run.mjs [--runs N] [--rounds R] [file.wasm]      (N defaults to 21, R to 3)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { compare } from './measure.mjs';
import { benchMany } from './many.mjs';
import { benchTraffic } from './traffic.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 21;
const roundsAt = args.indexOf('--rounds');
const ROUNDS = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 3;
const explicit = args.find((a, i) => a.endsWith('.wasm') && args[i - 1] !== '--runs' && args[i - 1] !== '--rounds');

function largestSample() {
  const dir = join(ROOT, 'sample-plugins/build');
  const files = readdirSync(dir).filter((f) => f.endsWith('.wasm')).map((f) => join(dir, f));
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

const file = explicit ? resolve(explicit) : largestSample();
const bin = join(ROOT, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin['wasm-verify']);
if (!existsSync(bin)) {
  console.error(`${relative(ROOT, bin)} is missing: run npm run build first`);
  process.exit(2);
}

console.log(`module ${relative(ROOT, file)} (${(statSync(file).size / 1024 / 1024).toFixed(2)} MiB), CLI ${relative(ROOT, bin)}, node ${process.version}`);
console.log('');
compare({
  title: '1. --static',
  cwd: ROOT,
  base: { name: 'node start + new WebAssembly.Module', argv: ['-e', `new WebAssembly.Module(require('node:fs').readFileSync(${JSON.stringify(file)}))`] },
  ours: { name: 'wasm-verify --static', argv: [bin, '--static', file] },
  runs: RUNS,
  goal: 1.2,
});
console.log('');
benchTraffic({ root: ROOT, bin, file, runs: RUNS });
console.log('');
benchMany({ root: ROOT, bin, rounds: ROUNDS });
