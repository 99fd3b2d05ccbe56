/**
 * Shared by the benchmarks: wall time of fresh node processes, two series interleaved run by run
 * (so load on the machine hits both alike), warm-up runs not counted, medians compared.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/**
 * CPU ticks (1/100 s) busy on the whole machine, and spent by this process and the children it
 * waited for (/proc, Linux); undefined elsewhere. The difference is what other processes used.
 */
function cpuTicks() {
  try {
    const all = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const busy = all.reduce((a, b) => a + b, 0) - all[3] - all[4]; // minus idle and iowait
    const self = readFileSync('/proc/self/stat', 'utf8');
    const f = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number); // fields from 3 (state) on
    return { busy, ours: f[11] + f[12] + f[13] + f[14] }; // utime stime cutime cstime
  } catch {
    return undefined;
  }
}

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
 * Starts measuring what other processes use of the machine; the returned function gives the
 * noise line for the time since: their share of the cores (from /proc) and the load average.
 */
export function noiseMeter() {
  const load0 = loadavg()[0];
  const t0 = performance.now();
  const c0 = cpuTicks();
  return () => {
    const load1 = loadavg()[0];
    const c1 = cpuTicks();
    const others = c0 && c1 ? Math.max(0, c1.busy - c0.busy - (c1.ours - c0.ours)) / 100 / ((performance.now() - t0) / 1000) / cpus().length : undefined;
    const busy = others === undefined ? Math.max(load0, load1) > 1.5 : others > 0.1;
    return `noise: ${others === undefined ? '' : `other processes used ${(others * 100).toFixed(0)}% of the ${cpus().length} cores; `}load average ${load0.toFixed(2)} -> ${load1.toFixed(2)}${busy ? ' (busy machine: rerun when quiet)' : ''}`;
  };
}

/**
 * Times `base` and `ours` (node argv lists) `runs` times each, interleaved, after `warmup` runs of
 * each; prints both series, their medians, the ratio, the goal and the noise. Returns the ratio.
 */
export function compare({ title, cwd, base, ours, runs, warmup = 2, goal }) {
  const meter = noiseMeter();
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
  console.log(`  ratio ${ratio.toFixed(2)}x, goal <= ${goal}x: ${ratio <= goal ? 'PASS' : 'MISS'}`);
  console.log(`  ${meter()}`);
  return ratio;
}
