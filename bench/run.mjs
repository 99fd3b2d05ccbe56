#!/usr/bin/env node
/**
 * npm run bench: cold wall time of `wasm-verify --static` on the largest sample module (a fresh
 * node process per run) next to Node's bare start + `new WebAssembly.Module(bytes)` of the same
 * module (also a fresh process). The series are interleaved run by run, so load on the machine
 * hits them alike; each line is the median. Goal: `--static` under 1.2x of the baseline.
 *
 *   node bench/run.mjs [--runs N] [file.wasm]
 *
 * Also measured: the same CLI as one bundled ES module (bench/bundle.mjs), which shows how much of
 * the time is Node loading ~45 separate ES modules rather than wasm-verify's own work.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { bundle } from './bundle.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 15;
const explicit = args.find((a, i) => a.endsWith('.wasm') && args[i - 1] !== '--runs');
const GOAL = 1.2;

function largestSample() {
  const dir = join(ROOT, 'sample-plugins/build');
  const files = readdirSync(dir).filter((f) => f.endsWith('.wasm')).map((f) => join(dir, f));
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

const file = explicit ? resolve(explicit) : largestSample();

function timeOnce(argv) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const bundled = join(ROOT, 'dist/bench-bundle.mjs');
const series = [
  { name: 'node start + new WebAssembly.Module', argv: ['-e', `new WebAssembly.Module(require('node:fs').readFileSync(${JSON.stringify(file)}))`] },
  { name: 'wasm-verify --static', argv: [join(ROOT, 'dist/cli.js'), '--static', file], goal: true },
];
if (bundle(bundled) !== null) {
  series.push({ name: 'wasm-verify --static, one bundled module', argv: [bundled, '--static', file], goal: true });
}

try {
  for (const s of series) timeOnce(s.argv); // warm the OS file cache; not counted
  const times = series.map(() => []);
  for (let i = 0; i < RUNS; i++) series.forEach((s, k) => times[k].push(timeOnce(s.argv)));
  const base = median(times[0]);
  console.log(`module: ${relative(ROOT, file)} (${(statSync(file).size / 1024 / 1024).toFixed(2)} MiB), median of ${RUNS} cold runs each`);
  series.forEach((s, k) => {
    const m = median(times[k]);
    const ratio = s.goal ? `  ${(m / base).toFixed(2)}x (goal < ${GOAL}x: ${m / base < GOAL ? 'OK' : 'over'})` : '';
    console.log(`  ${s.name.padEnd(42)} ${m.toFixed(1).padStart(7)} ms${ratio}`);
  });
} finally {
  rmSync(bundled, { force: true });
}

// Traffic phase (issue 4, src/run): a default verification next to start + compile + instantiate + _initialize.
console.log('');
(await import('./traffic.mjs')).benchTraffic({ root: ROOT, file, runs: RUNS });
