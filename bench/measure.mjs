/**
 * Shared by the benchmarks: wall time of fresh node processes, two series interleaved run by run
 * (so load on the machine hits both alike), warm-up runs not counted, medians compared.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';

/** Wall ms of one fresh `node ...argv` (stdout discarded; exit 0 or 1 expected). */
export function timeOnce(cwd, argv) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`node ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const at = (xs, q) => sorted(xs)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
export const median = (xs) => at(xs, 0.5);

/**
 * Times `base` and `ours` (node argv lists) `runs` times each, interleaved, after `warmup` runs of
 * each; prints both series, their medians, the ratio and the goal. Returns the ratio.
 */
export function compare({ title, cwd, base, ours, runs, warmup = 2, goal }) {
  const load0 = loadavg()[0];
  for (let i = 0; i < warmup; i++) {
    timeOnce(cwd, base.argv);
    timeOnce(cwd, ours.argv);
  }
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push(timeOnce(cwd, base.argv));
    b.push(timeOnce(cwd, ours.argv));
  }
  const ratio = median(b) / median(a);
  const row = (name, xs) =>
    `  ${name.padEnd(52)} ${median(xs).toFixed(1).padStart(6)} ms  (p25 ${at(xs, 0.25).toFixed(1)}, p75 ${at(xs, 0.75).toFixed(1)}, min ${sorted(xs)[0].toFixed(1)})`;
  const series = (xs) => `    ${sorted(xs).map((x) => x.toFixed(0)).join(' ')}`;
  console.log(`${title}: median of ${runs} fresh processes each, interleaved, after ${warmup} warm-up runs each`);
  console.log(row(base.name, a));
  console.log(series(a));
  console.log(row(ours.name, b));
  console.log(series(b));
  console.log(`  ratio ${ratio.toFixed(2)}x, goal < ${goal}x: ${ratio < goal ? 'PASS' : 'MISS'}`);
  const load1 = loadavg()[0];
  // 2 cores: a load average near or above 2 means other processes shared the machine.
  console.log(`  load average ${load0.toFixed(2)} -> ${load1.toFixed(2)}${Math.max(load0, load1) > 1.5 ? ' (busy machine: expect noise, rerun when quiet)' : ''}`);
  return ratio;
}
