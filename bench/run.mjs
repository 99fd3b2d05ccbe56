#!/usr/bin/env node
/**
 * npm run bench: cold wall time of `wasm-verify --static` on the largest sample module (a fresh
 * node process each run) next to Node's bare start + `new WebAssembly.Module(bytes)` of the same
 * module (also a fresh process). Median of several runs; the goal is a ratio under 1.2x.
 *
 *   node bench/run.mjs [--runs N] [file.wasm]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 11;
const explicit = args.find((a, i) => a.endsWith('.wasm') && args[i - 1] !== '--runs');

function largestSample() {
  const dir = join(ROOT, 'sample-plugins/build');
  const files = readdirSync(dir).filter((f) => f.endsWith('.wasm')).map((f) => join(dir, f));
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

const file = explicit ? resolve(explicit) : largestSample();
const size = statSync(file).size;

function timeOnce(argv) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(argv) {
  timeOnce(argv); // warm the OS file cache; not counted
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(timeOnce(argv));
  return median(times);
}

const baselineArgv = ['-e', `new WebAssembly.Module(require('node:fs').readFileSync(${JSON.stringify(file)}))`];
const verifyArgv = [join(ROOT, 'dist/cli.js'), '--static', file];

// Interleave the two series so drift on the machine hits both alike.
const base = measure(baselineArgv);
const ours = measure(verifyArgv);
const ratio = ours / base;
const GOAL = 1.2;

const rel = file.startsWith(ROOT) ? file.slice(ROOT.length + 1) : file;
console.log(`module: ${rel} (${(size / 1024 / 1024).toFixed(2)} MiB), median of ${RUNS} cold runs each`);
console.log(`  node start + new WebAssembly.Module  ${base.toFixed(1).padStart(8)} ms`);
console.log(`  wasm-verify --static                 ${ours.toFixed(1).padStart(8)} ms`);
console.log(`  ratio ${ratio.toFixed(2)}x (goal < ${GOAL}x): ${ratio < GOAL ? 'OK' : 'OVER GOAL'}`);
