/**
 * Many-plugins bench (line 6 of npm run bench): the whole sample set in one invocation (files in
 * parallel, src/parallel.ts) next to the same files verified one invocation at a time. Goal: the
 * one invocation's wall time within 1.2 x (sum of the single runs) / cores. Rounds interleave the
 * two, so load on the machine hits both alike; medians compared.
 *
 *   node bench/many.mjs [--rounds N]      (N defaults to 3)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { median, timeOnce } from './measure.mjs';

export function benchMany({ root, bin, rounds }) {
  const dir = join(root, 'sample-plugins/build');
  const files = readdirSync(dir).filter((f) => f.endsWith('.wasm')).sort().map((f) => join(dir, f));
  const cores = availableParallelism();
  const load0 = loadavg()[0];
  const batch = [];
  const sums = [];
  for (let i = 0; i < rounds; i++) {
    batch.push(timeOnce(root, [bin, ...files]));
    sums.push(files.reduce((n, f) => n + timeOnce(root, [bin, f]), 0));
  }
  const goalMs = (1.2 * median(sums)) / cores;
  const ratio = median(batch) / (median(sums) / cores);
  console.log(`6. many plugins: the ${files.length} sample plugins, default verification, median of ${rounds} rounds`);
  console.log(`  one at a time (${files.length} fresh processes), sum            ${(median(sums) / 1000).toFixed(2).padStart(7)} s  (${sums.map((x) => (x / 1000).toFixed(1)).join(' ')})`);
  console.log(`  one invocation, files in parallel                   ${(median(batch) / 1000).toFixed(2).padStart(7)} s  (${batch.map((x) => (x / 1000).toFixed(1)).join(' ')})`);
  console.log(`  ratio to sum/${cores} cores ${ratio.toFixed(2)}x, goal <= 1.2x (${(goalMs / 1000).toFixed(2)} s): ${ratio <= 1.2 ? 'PASS' : 'MISS'}`);
  const load1 = loadavg()[0];
  console.log(`  noise: load average ${load0.toFixed(2)} -> ${load1.toFixed(2)}${Math.max(load0, load1) > cores * 0.75 ? ' (busy machine: rerun when quiet)' : ''}`);
  return ratio;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(import.meta.dirname, '..');
  const args = process.argv.slice(2);
  const at = args.indexOf('--rounds');
  const bin = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin['wasm-verify']);
  benchMany({ root, bin, rounds: at >= 0 ? Number(args[at + 1]) : 3 });
}
