#!/usr/bin/env node
/**
 * Where a default verification's time goes, step by step, on one module (default: the real-size
 * sample with its configuration): each run a fresh node process that times, with the library's own
 * parts from a dist/ directory, what the CLI does in order — inspect the bytes, compile, start the
 * plugin worker, boot the VM (instantiate, _initialize, vm_start, configure), each built-in scenario,
 * the memory-growth repeats, shutdown and the worker's teardown. Medians over the runs, in ms.
 * Steps run one after the other here (the CLI overlaps the worker's start with inspect and compile),
 * and boot and scenarios run on the main thread, not in the worker.
 *
 *   node bench/breakdown.mjs [--runs N] [--dist DIR] [--v8 FLAGS] [--config FILE] [file.wasm]
 *
 * --dist: another build (e.g. a checkout before a change) to compare with. --v8: flags for the
 * node processes (default: the flag the bin sets when DIR has src/wasm-tier.ts's module, else none).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const take = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const one = args.includes('--one');
if (one) args.splice(args.indexOf('--one'), 1);
const runs = Number(take('--runs') ?? 11);
const dist = resolve(take('--dist') ?? join(ROOT, 'dist'));
const configArg = take('--config');
const v8Flags = (take('--v8') ?? (existsSync(join(dist, 'wasm-tier.js')) ? '--liftoff-only' : '')).split(' ').filter(Boolean);
const file = resolve(args.find((a) => a.endsWith('.wasm')) ?? join(ROOT, 'sample-plugins/build/go-ai-gateway.wasm'));
const config = configArg ?? (args.some((a) => a.endsWith('.wasm')) ? undefined : join(ROOT, 'sample-plugins/go/ai-gateway/config.json'));

if (one) {
  const t = {};
  let last = performance.now();
  const mark = (name) => {
    const now = performance.now();
    t[name] = (t[name] ?? 0) + (now - last);
    last = now;
  };
  t['node start (to first line of the script)'] = performance.now();
  process.on('exit', () => {});
  const imp = (p) => import(pathToFileURL(join(dist, p)).href);
  const [{ inspectBytes }, { VmRun }, { ProgressWriter, createProgressBuffer }, { runScenario }, { builtinScenarios }, { spawnWorker }, hostShim] = await Promise.all([
    imp('inspect/index.js'),
    imp('run/vm.js'),
    imp('run/progress.js'),
    imp('run/scenario.js'),
    imp('scenarios/index.js'),
    imp('run/pool.js'),
    import(pathToFileURL(join(dist, '../host-shim/dist/index.js')).href).catch(() => ({})),
  ]);
  mark('load the library (ES modules; the CLI loads one bundle)');
  const bytes = new Uint8Array(readFileSync(file));
  mark('read the file');
  const info = inspectBytes(bytes);
  mark('inspect (walk, names, toolchain)');
  const module = await WebAssembly.compile(bytes);
  mark('compile (WebAssembly.compile)');
  const worker = spawnWorker();
  worker.ref(); // spawnWorker unrefs it; keep the process alive while waiting
  await new Promise((ok) => worker.once('online', ok));
  mark('worker start (to online)');
  const scenarios = builtinScenarios();
  const job = {
    host: 'higress', scenarios, startIndex: 0, pluginConfiguration: config ? readFileSync(config, 'utf8') : '', vmConfiguration: '', rootId: '', vmId: '',
    pluginName: 'bench', failOpen: false, stallDeadlineMs: 60000, keepTrace: false, growthRequests: 10, soakRequests: 0, rebuildCommand: '', hasBuildRc: true,
    toolchain: 'go', reportBoot: true, keepLogs: false, clusters: [],
  };
  const walked = info.walked ?? hostShim.walkModule?.(bytes);
  // The progress ring the worker writes for the supervisor (trace lines, steps), as in the CLI.
  const vm = new VmRun(job, new ProgressWriter(createProgressBuffer()), { module, bytes, walked }, undefined);
  const boot = vm.boot();
  if (!boot.ok) throw new Error('boot failed');
  mark('boot (instantiate, _initialize, vm_start, configure)');
  const outcomes = [];
  for (const [i, s] of scenarios.entries()) {
    outcomes.push(runScenario(vm, s, i).outcome);
    mark(`scenario ${s.name}`);
  }
  for (let n = 0; n < 13; n++) runScenario(vm, { ...scenarios[0], expect: undefined }, 0);
  mark('memory-growth repeats (13 x the first scenario)');
  vm.shutdown();
  mark('shutdown (proxy_on_done, proxy_on_delete)');
  await worker.terminate();
  mark('worker teardown (terminate)');
  console.log(JSON.stringify({ t, outcomes }));
} else {
  const all = [];
  for (let i = 0; i < runs + 1; i++) {
    const r = spawnSync(process.execPath, [...v8Flags, import.meta.filename, '--one', '--dist', dist, ...(config ? ['--config', config] : []), file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    if (i > 0) all.push(JSON.parse(r.stdout)); // the first run warms the file cache
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`${file} with ${config ?? 'no configuration'}, ${dist}, V8 flags ${v8Flags.join(' ') || 'none'}, median of ${runs} fresh processes (outcomes: ${all[0].outcomes.join(' ')})`);
  let total = 0;
  for (const k of Object.keys(all[0].t)) {
    const m = med(all.map((x) => x.t[k]));
    total += m;
    console.log(`  ${k.padEnd(58)} ${m.toFixed(1).padStart(7)} ms`);
  }
  console.log(`  ${'sum of medians'.padEnd(58)} ${total.toFixed(1).padStart(7)} ms`);
}
