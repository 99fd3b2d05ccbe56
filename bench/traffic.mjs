/**
 * The baseline of line 2 of npm run bench (bench/run.mjs): Node's bare start + compile +
 * instantiate + `_initialize` of the module (a fresh process each run, WASI from node:wasi, every
 * other import a stub), run as `node -e BASELINE_INITIALIZE plugin.wasm`.
 */
export const BASELINE_INITIALIZE = `
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
