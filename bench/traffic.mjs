/**
 * Traffic bench (goal 2 of npm run bench): cold wall time of a default `wasm-verify plugin.wasm`
 * (static checks, then every built-in scenario on the emulated host in a worker) next to Node's
 * bare start + compile + instantiate + `_initialize` of the same module (a fresh process each
 * run, WASI from node:wasi, every other import a stub). Goal: under 1.5x.
 *
 *   node bench/traffic.mjs [--runs N] [file.wasm]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compare } from './measure.mjs';

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

/** Prints the traffic comparison for `file`; returns the ratio. */
export function benchTraffic({ root, bin, file, runs }) {
  return compare({
    title: '2. default verification (static + traffic)',
    cwd: root,
    // --no-warnings: node:wasi prints an experimental warning; both series get the flag.
    base: { name: 'node start + compile + instantiate + _initialize', argv: ['--no-warnings', '-e', BASELINE, file] },
    ours: { name: 'wasm-verify (static + default scenarios)', argv: ['--no-warnings', bin, file] },
    runs,
    goal: 1.5,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(import.meta.dirname, '..');
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 21;
  const dir = join(root, 'sample-plugins/build');
  const explicit = args.find((a, i) => a.endsWith('.wasm') && args[i - 1] !== '--runs');
  const file = explicit ? resolve(explicit) : readdirSync(dir).filter((f) => f.endsWith('.wasm')).map((f) => join(dir, f)).sort((x, y) => statSync(y).size - statSync(x).size)[0];
  const bin = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin['wasm-verify']);
  benchTraffic({ root, bin, file, runs });
}
