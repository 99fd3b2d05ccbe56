/**
 * Traffic bench (issue 4): cold wall time of a default `wasm-verify plugin.wasm` (static checks,
 * then every built-in scenario on the emulated host in a worker) next to Node's bare start +
 * compile + instantiate + `_initialize` of the same module (a fresh process each run, WASI from
 * node:wasi, every other import a stub). Goal: under 1.5x.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BASELINE = `
const { WASI } = require('node:wasi');
const bytes = require('node:fs').readFileSync(process.argv[1]);
const m = new WebAssembly.Module(bytes);
const wasi = new WASI({ version: 'preview1', returnOnExit: true });
const imports = wasi.getImportObject();
for (const i of WebAssembly.Module.imports(m)) {
  if (i.kind === 'function' && !imports[i.module]?.[i.name]) (imports[i.module] ??= {})[i.name] = () => 0;
}
const instance = new WebAssembly.Instance(m, imports);
if (instance.exports._initialize) wasi.initialize(instance);
`;

function timeOnce(root, argv) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--no-warnings', ...argv], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Prints the traffic comparison for `file`; returns the ratio. */
export function benchTraffic({ root, file, runs }) {
  const baseline = ['-e', BASELINE, file];
  const ours = [join(root, 'dist/cli.js'), file];
  timeOnce(root, baseline);
  timeOnce(root, ours);
  const a = [];
  const b = [];
  // Interleaved, so drift on the machine hits both series alike.
  for (let i = 0; i < runs; i++) {
    a.push(timeOnce(root, baseline));
    b.push(timeOnce(root, ours));
  }
  const base = median(a);
  const verify = median(b);
  const ratio = verify / base;
  console.log(`traffic: median of ${runs} cold runs each, interleaved`);
  console.log(`  node start + compile + instantiate + _initialize  ${base.toFixed(1).padStart(8)} ms`);
  console.log(`  wasm-verify (static + default scenarios)          ${verify.toFixed(1).padStart(8)} ms`);
  console.log(`  ratio ${ratio.toFixed(2)}x (goal < 1.5x): ${ratio < 1.5 ? 'OK' : 'OVER GOAL'}`);
  return ratio;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { resolve } = await import('node:path');
  const { readdirSync, statSync } = await import('node:fs');
  const root = resolve(import.meta.dirname, '..');
  const dir = join(root, 'sample-plugins/build');
  const explicit = process.argv.slice(2).find((a) => a.endsWith('.wasm'));
  const file = explicit ? resolve(explicit) : readdirSync(dir).filter((f) => f.endsWith('.wasm')).map((f) => join(dir, f)).sort((x, y) => statSync(y).size - statSync(x).size)[0];
  console.log(`traffic: ${file}`);
  benchTraffic({ root, file, runs: 9 });
}
