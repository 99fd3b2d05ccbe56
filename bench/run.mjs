#!/usr/bin/env node
/**
 * npm run bench: wasm-verify next to the least work V8 must do for the same thing, on the
 * real-size sample (go-ai-gateway, ~9.4 MiB, with its config.json) unless a file is given. Every
 * start-up line is a series of fresh node processes, interleaved run by run after warm-up runs,
 * medians compared, with the share of the machine other processes used meanwhile (the noise).
 *
 *   1. `wasm-verify --static` vs node start + `new WebAssembly.Module(bytes)`              goal <= 1.2x
 *   2. default verification vs node start + compile + instantiate + `_initialize`          goal <= 1.5x
 *   3. default verification vs the direct host (bench/direct-host.mjs) doing the same
 *      requests: the built-in scenarios, then the memory-growth repeats                   goal <= 1.25x
 *   4. throughput: request cycles/s through host-shim on one warm VM (`--soak`) vs the
 *      direct host's same export calls, on the big sample and a small one                 goal >= 50%
 *   5. soak: `--soak 10000` on the big sample (no false alarm, every request correct, wall
 *      time, requests/s) and `--soak 2000` on go-leaky-audit (flagged with a slope)
 *   6. the whole sample set in one invocation vs one invocation per file (bench/many.mjs;
 *      goal: within 1.2x (sum of the single runs) / cores; not in --quick)
 *
 * Lines 1-3 run their baselines under the V8 flag the bin sets (Liftoff only, src/wasm-tier.ts);
 * line 4 compares a soak (V8's optimizing tier on) with the direct host under Node's defaults.
 *
 *   node bench/run.mjs [--quick] [--runs N] [--rounds R] [--config FILE] [file.wasm]
 *
 * --quick: a few runs and short soaks, for CI: checks that every line still runs (a failing run
 * is exit 1) and prints the numbers, but asserts no times (CI machines are noisy).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compare, median, noiseMeter } from './measure.mjs';
import { benchMany } from './many.mjs';
import { BASELINE_INITIALIZE } from './traffic.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const take = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const QUICK = args.includes('--quick');
if (QUICK) args.splice(args.indexOf('--quick'), 1);
const RUNS = Number(take('--runs') ?? (QUICK ? 3 : 21));
const WARMUP = QUICK ? 1 : 2;
const ROUNDS = Number(take('--rounds') ?? 3);
const explicitConfig = take('--config');
const explicit = args.find((a) => a.endsWith('.wasm'));

const BIG = { wasm: 'sample-plugins/build/go-ai-gateway.wasm', config: 'sample-plugins/go/ai-gateway/config.json' };
const SMALL = { wasm: 'sample-plugins/build/c-add-header.wasm', config: undefined };
const LEAKY = 'sample-plugins/build/go-leaky-audit.wasm';
const file = resolve(ROOT, explicit ?? BIG.wasm);
const config = explicitConfig !== undefined ? resolve(explicitConfig) : explicit === undefined ? resolve(ROOT, BIG.config) : undefined;
const bin = join(ROOT, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin['wasm-verify']);
const direct = join(ROOT, 'bench/direct-host.mjs');
for (const f of [bin, file, join(ROOT, 'dist/scenarios/index.js')]) {
  if (!existsSync(f)) {
    console.error(`${relative(ROOT, f)} is missing: run npm run build (and npm run samples for the sample plugins) first`);
    process.exit(2);
  }
}

// The direct host drives the built-in scenarios as parsed by wasm-verify itself (same headers,
// chunks and answers), handed over as JSON so its own start stays minimal.
const { builtinScenarios } = await import(pathToFileURL(join(ROOT, 'dist/scenarios/index.js')).href);
const { DEFAULT_GROWTH_REQUESTS } = await import(pathToFileURL(join(ROOT, 'dist/run/index.js')).href);
// The bin runs every verification but a soak with V8 on its baseline tier (src/wasm-tier.ts): the
// baselines of lines 1-3 get the same flag, so both sides ask V8 for the same work.
const { BASELINE_TIER_FLAG } = await import(pathToFileURL(join(ROOT, 'dist/wasm-tier.js')).href);
const TIER = [BASELINE_TIER_FLAG];
const tmp = mkdtempSync(join(tmpdir(), 'wv-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const scenariosFile = join(tmp, 'scenarios.json');
writeFileSync(scenariosFile, JSON.stringify(builtinScenarios().map((s) => ({ name: s.name, request: s.request, upstream: s.upstream }))));
/** A default verification repeats the first passing scenario (3 warm-ups + the growth repeats). */
const GROWTH_REPEATS = 3 + DEFAULT_GROWTH_REQUESTS;

const withConfig = (cfg) => (cfg === undefined ? [] : ['--config', cfg]);
const mib = (f) => (statSync(f).size / 1024 / 1024).toFixed(2);
const results = [];
const line = (label, ratio, goal, higherIsBetter = false) => results.push({ label, ratio, goal, pass: higherIsBetter ? ratio >= goal : ratio <= goal });

console.log(`module ${relative(ROOT, file)} (${mib(file)} MiB), config ${config === undefined ? 'none' : relative(ROOT, config)}, CLI ${relative(ROOT, bin)}, node ${process.version}${QUICK ? ', --quick (no goals asserted)' : ''}`);
console.log('');

const c = { cwd: ROOT, runs: RUNS, warmup: WARMUP };
line(
  '1. --static vs start + compile',
  compare({
    ...c,
    title: '1. --static',
    base: { name: 'node start + new WebAssembly.Module', argv: [...TIER, '-e', `new WebAssembly.Module(require('node:fs').readFileSync(${JSON.stringify(file)}))`] },
    ours: { name: 'wasm-verify --static', argv: [bin, '--static', file] },
    goal: 1.2,
  }),
  1.2,
);
console.log('');
line(
  '2. default vs start + compile + instantiate + _initialize',
  compare({
    ...c,
    title: '2. default verification (static + traffic) vs the module started',
    // --no-warnings: node:wasi prints an experimental warning; both series get the flag.
    base: { name: 'node start + compile + instantiate + _initialize', argv: [...TIER, '--no-warnings', '-e', BASELINE_INITIALIZE, file] },
    ours: { name: 'wasm-verify (static + default scenarios)', argv: ['--no-warnings', bin, ...withConfig(config), file] },
    goal: 1.5,
  }),
  1.5,
);
console.log('');
line(
  '3. default vs the direct host, same requests',
  compare({
    ...c,
    title: '3. default verification vs the direct host doing the same requests',
    base: { name: `direct host: start, configure, 4 scenarios + ${GROWTH_REPEATS} repeats`, argv: [...TIER, '--no-warnings', direct, file, scenariosFile, ...(config ? [config] : []), '--repeat-first', String(GROWTH_REPEATS)] },
    ours: { name: 'wasm-verify (static + default scenarios)', argv: ['--no-warnings', bin, ...withConfig(config), file] },
    goal: 1.25,
  }),
  1.25,
);

// ---- throughput: one warm VM, request cycles per second ----

function run(argv) {
  const r = spawnSync(process.execPath, ['--no-warnings', ...argv], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`node ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r;
}

/** `wasm-verify --soak N --format json`: the result and its wall time. */
function soak(wasm, cfg, n) {
  const t = performance.now();
  const r = run([bin, '--soak', String(n), '--format', 'json', ...withConfig(cfg), wasm]);
  const ms = performance.now() - t;
  return { ms, code: r.status, result: JSON.parse(r.stdout).results[0] };
}

/** Cycles per second over every scenario: total cycles / total time. */
const overall = (rates) => {
  const names = Object.keys(rates);
  return names.length / names.reduce((a, n) => a + 1 / rates[n], 0);
};

function throughput(label, wasm, cfg) {
  const n = QUICK ? 200 : 3000;
  const rounds = QUICK ? 1 : 3;
  const ours = [];
  const base = [];
  const meter = noiseMeter();
  for (let i = 0; i < rounds; i++) {
    const s = soak(wasm, cfg, n);
    ours.push(overall(Object.fromEntries(s.result.scenarios.filter((x) => x.soak).map((x) => [x.name, x.soak.requestsPerSecond]))));
    const d = run([direct, wasm, scenariosFile, ...(cfg ? [cfg] : []), '--cycles', String(n)]);
    base.push(overall(JSON.parse(d.stdout)));
  }
  const ratio = median(ours) / median(base);
  console.log(`  ${label.padEnd(40)} host-shim ${median(ours).toFixed(0).padStart(6)}/s   direct host ${median(base).toFixed(0).padStart(6)}/s   ${(ratio * 100).toFixed(0)}% (goal >= 50%): ${ratio >= 0.5 ? 'PASS' : 'MISS'}`);
  console.log(`  ${meter()}`);
  line(`4. throughput ${label}`, ratio, 0.5, true);
}

console.log('');
console.log(`4. throughput: request cycles per second on one warm VM (median of ${QUICK ? 1 : 3} rounds, ${QUICK ? 200 : 3000} cycles per scenario)`);
throughput(`${relative(ROOT, file)} (${mib(file)} MiB)`, file, config);
throughput(`${relative(ROOT, SMALL.wasm)} (${(statSync(join(ROOT, SMALL.wasm)).size / 1024).toFixed(1)} KiB)`, join(ROOT, SMALL.wasm), SMALL.config);

// ---- soak: correct throughout, no false alarm; the leak found ----

console.log('');
const bigN = QUICK ? 500 : 10000;
const leakN = QUICK ? 2000 : 2000;
const meter = noiseMeter();
const big = soak(file, config, bigN);
const cycles = big.result.scenarios.reduce((a, s) => a + 1 + (s.soak?.requests ?? 0), 0);
const alarms = big.result.scenarios.flatMap((s) => s.findings).filter((f) => f.ruleId === 'WV4005' || f.ruleId === 'WV3023');
const allPassed = big.result.scenarios.every((s) => s.soak !== undefined && s.soak.requests === bigN) && big.code === 0;
console.log(`5. soak --soak ${bigN} on ${relative(ROOT, file)}: ${cycles} request cycles in ${(big.ms / 1000).toFixed(1)} s (${(cycles / (big.ms / 1000)).toFixed(0)} cycles/s with start-up)`);
for (const s of big.result.scenarios) {
  console.log(`  ${s.name.padEnd(20)} ${s.outcome.padEnd(10)} ${s.soak ? `${s.soak.requestsPerSecond}/s, ${s.soak.bytesPerRequest} bytes/request after warm-up, ${s.soak.windowsGrown}/4 windows grew, memory ${s.soak.memoryBefore} -> ${s.soak.memoryAfter}` : 'not soaked'}`);
}
console.log(`  every request correct, no false alarm: ${allPassed && alarms.length === 0 ? 'PASS' : `MISS (${alarms.map((f) => f.ruleId).join(' ') || `exit ${big.code}`})`}`);
const leak = soak(join(ROOT, LEAKY), undefined, leakN);
const flagged = leak.result.scenarios.filter((s) => s.findings.some((f) => f.ruleId === 'WV4005'));
console.log(`  ${relative(ROOT, LEAKY)} --soak ${leakN}: ${flagged.length} of ${leak.result.scenarios.length} scenarios flagged WV4005 (${flagged.map((s) => `${s.soak.bytesPerRequest} bytes/request`).join(', ')}): ${flagged.length === leak.result.scenarios.length ? 'PASS' : 'MISS'}`);
console.log(`  ${meter()}`);
results.push({ label: '5. soak: big sample correct, no false alarm', ratio: NaN, goal: NaN, pass: allPassed && alarms.length === 0, fatal: true });
results.push({ label: '5. soak: the leak found', ratio: NaN, goal: NaN, pass: flagged.length === leak.result.scenarios.length, fatal: true });

if (!QUICK) {
  console.log('');
  const many = benchMany({ root: ROOT, bin, rounds: ROUNDS });
  line('6. many plugins: one invocation vs sum/cores', many, 1.2);
}

console.log('');
console.log('summary');
for (const r of results) console.log(`  ${r.pass ? 'PASS' : 'MISS'}  ${r.label}${Number.isNaN(r.ratio) ? '' : `: ${r.label.startsWith('4.') ? `${(r.ratio * 100).toFixed(0)}%` : `${r.ratio.toFixed(2)}x`} (goal ${r.label.startsWith('4.') ? `>= ${r.goal * 100}%` : `<= ${r.goal}x`})`}`);
// Behaviour (the soak's verdicts) is asserted in every mode; times never in --quick.
const failed = results.filter((r) => !r.pass && (r.fatal || !QUICK));
process.exitCode = failed.some((r) => r.fatal) ? 1 : 0;
