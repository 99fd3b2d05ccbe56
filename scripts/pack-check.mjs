#!/usr/bin/env node
/**
 * `npm run pack:check`: packs wasm-verify as `npm publish` would and installs the tarball in an
 * empty project, then uses it the way a user does: the `wasm-verify` bin (static and traffic), the
 * library (`import { verify } from 'wasm-verify'`) and its types. Run it by hand before a release
 * and after any change to package.json, the build or the bundles; it takes about half a minute
 * (the pack runs prepack: a clean build of dist/).
 *
 * Checked:
 * - the tarball: no .tsbuildinfo, no source maps and no sourceMappingURL, no dist/ file that the
 *   current sources did not produce (prepack empties dist/), the host shim bundled under
 *   node_modules/, the settings schema;
 * - installing it in an empty project prints no warning (no install script of its own);
 * - the installed bin verifies a plugin, with the bundled worker (dist/bundle/worker-bin.cjs) and
 *   both V8 code caches accepted by this Node;
 * - the library API and its type declarations resolve from the consumer's project, also with the
 *   DOM lib and skipLibCheck: false (the types declare no global WebAssembly namespace);
 * - require('wasm-verify') works where Node can require() an ES module (20.19+, 22.12+).
 *
 *   node scripts/pack-check.mjs [--keep]      (--keep: leave the temp directory for a look)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'wv-pack-'));
const consumer = join(work, 'consumer');
const failures = [];

function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'}  ${what}`);
  if (!ok) failures.push(what);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error) throw r.error;
  return r;
}

/** The .js files tsc makes from src/ (and the host shim's src/): anything else in dist/ is stale. */
function expectedOutputs(srcDir, prefix) {
  const out = new Set();
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.add(`${prefix}${relative(srcDir, p).replace(/\.ts$/, '.js').split('\\').join('/')}`);
    }
  };
  walk(srcDir);
  return out;
}

try {
  console.log(`npm pack (prepack cleans dist/ and builds it) -> ${work}`);
  const packed = run('npm', ['pack', '--pack-destination', work, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  if (packed.status !== 0) throw new Error(`npm pack exited ${packed.status}`);
  const [{ filename, files }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')));
  const paths = files.map((f) => f.path);
  const tarball = join(work, filename);

  check(!paths.some((p) => p.endsWith('.tsbuildinfo')), 'no .tsbuildinfo in the tarball');
  check(!paths.some((p) => p.endsWith('.map')), 'no source maps in the tarball');
  check(['settings', 'report', 'scenario'].every((n) => paths.includes(`schemas/${n}.schema.json`)), 'the JSON Schemas are shipped (schemas/: settings, report, scenario files)');
  const own = expectedOutputs(join(ROOT, 'src'), 'dist/');
  const stale = paths.filter((p) => p.startsWith('dist/') && !p.startsWith('dist/bundle/') && p.endsWith('.js') && !own.has(p));
  check(stale.length === 0, `no stale files in dist/ ${stale.length ? `(${stale.join(', ')})` : ''}`);
  check(['wasm-verify.cjs', 'cli.cjs', 'cli.cjs.cache', 'worker-bin.cjs', 'worker.cjs', 'worker.cjs.cache'].every((f) => paths.includes(`dist/bundle/${f}`)), 'dist/bundle/ has the bin, the worker and both code caches');
  const listing = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n');
  check(listing.includes('package/node_modules/proxy-wasm-host-mock/dist/index.js'), 'the host shim (proxy-wasm-host-mock) is bundled');

  rmSync(consumer, { recursive: true, force: true });
  execFileSync('mkdir', ['-p', consumer]);
  writeFileSync(join(consumer, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true, "type": "module" }\n');
  const inst = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: consumer });
  check(inst.status === 0, `npm install of the tarball in an empty project${inst.status === 0 ? '' : `:\n${inst.stderr}`}`);
  check(!/warn/i.test(inst.stderr), `the install prints no warning${/warn/i.test(inst.stderr) ? `:\n${inst.stderr}` : ''}`);
  const pkg = join(consumer, 'node_modules/wasm-verify');
  const mapped = run('grep', ['-rlE', '--include=*.js', '--include=*.cjs', '^//# sourceMappingURL=', pkg]).stdout.trim();
  check(mapped === '', `no sourceMappingURL in the shipped JavaScript${mapped ? ` (${mapped.split('\n').length} files)` : ''}`);
  copyFileSync(join(pkg, 'sample-plugins/build/wat-local-response.wasm'), join(consumer, 'sample.wasm'));
  copyFileSync(join(pkg, 'sample-plugins/build/wat-no-allocator.wasm'), join(consumer, 'broken.wasm'));

  const npx = (args, env = {}) => run('npx', ['--no-install', 'wasm-verify', ...args], { cwd: consumer, env: { ...process.env, ...env } });
  const ok = npx(['--no-color', 'sample.wasm'], { NODE_DEBUG: 'module' });
  check(ok.status === 0 && ok.stdout.includes('PASS  envoy') && ok.stdout.includes('local-response'), `npx wasm-verify sample.wasm: exit 0, traffic ran (exit ${ok.status})`);
  check(/load "[^"]*dist\/bundle\/worker-bin\.cjs"/.test(ok.stderr), 'the installed bin runs the bundled worker (dist/bundle/worker-bin.cjs)');
  const bad = npx(['--static', 'broken.wasm']);
  check(bad.status === 1 && bad.stdout.includes('WV1005'), `npx wasm-verify --static broken.wasm: exit 1 with its finding (exit ${bad.status})`);
  writeFileSync(join(consumer, 'config.yaml'), 'provider:\n  type: openai\n');
  const yaml = npx(['--no-color', '--config', 'config.yaml', 'sample.wasm']);
  check(yaml.status === 0 && yaml.stdout.includes('config.yaml (YAML converted to JSON'), `a YAML --config (yaml from the dependencies) (exit ${yaml.status})`);
  writeFileSync(join(consumer, 'strict.yaml'), 'defaults:\n  failureThreshold: warning\n  ignore: [WV4006]\n');
  const settings = npx(['--static', '--no-color', '--settings', 'strict.yaml', 'sample.wasm']);
  check(settings.status === 0 && settings.stdout.includes('settings   strict.yaml (defaults)'), `a settings file (ajv from the dependencies) (exit ${settings.status}${settings.status === 0 ? '' : `: ${settings.stderr}`})`);
  const help = npx(['--help']);
  check(help.status === 0 && help.stdout.includes('Exit codes'), 'npx wasm-verify --help (yargs from the dependencies)');

  const { compileBundle } = await import(pathToFileURL(join(pkg, 'dist/code-cache.js')).href);
  // V8 flags are part of a cache's identity: check under the bin's own (a default run's, src/wasm-tier.ts).
  const { chooseWasmTier } = await import(pathToFileURL(join(pkg, 'dist/wasm-tier.js')).href);
  chooseWasmTier([]);
  for (const b of ['cli.cjs', 'worker.cjs']) check(compileBundle(join(pkg, 'dist/bundle', b)).cacheRejected === false, `the code cache of dist/bundle/${b} is accepted`);

  writeFileSync(join(consumer, 'lib.mjs'), [
    "import { verify, exitCode } from 'wasm-verify';",
    "const r = await verify(['sample.wasm', 'broken.wasm'], { host: 'envoy' });",
    "console.log(JSON.stringify({ verdicts: r.results.map((x) => x.verdict), outcomes: r.results[0].scenarios.map((s) => s.outcome), code: exitCode(r) }));",
  ].join('\n'));
  const lib = run(process.execPath, ['lib.mjs'], { cwd: consumer });
  const got = lib.status === 0 ? JSON.parse(lib.stdout) : undefined;
  check(got?.verdicts?.join() === 'pass,fail' && got.outcomes.every((o) => o === 'local-response') && got.code === 1, `import { verify } from 'wasm-verify' ${lib.status === 0 ? lib.stdout.trim() : lib.stderr}`);

  const tsc = join(ROOT, 'node_modules/.bin/tsc');
  writeFileSync(join(consumer, 'types.ts'), [
    "import { verify, type Report, type VerifyOptions } from 'wasm-verify';",
    "const options: VerifyOptions = { host: 'higress', static: true };",
    "export const r: Promise<Report> = verify(['sample.wasm'], options);",
  ].join('\n'));
  const types = run(tsc, ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules/@types'), 'types.ts'], { cwd: consumer });
  // --lib es2022 as a Node project has it.
  check(types.status === 0, `the type declarations resolve (tsc --strict)${types.status === 0 ? '' : `:\n${types.stdout}`}`);
  // A browser-minded consumer: the DOM lib declares WebAssembly, and every .d.ts is checked.
  const dom = run(tsc, ['--noEmit', '--strict', '--skipLibCheck', 'false', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules/@types'), 'types.ts'], { cwd: consumer });
  check(dom.status === 0, `the type declarations check with the DOM lib and skipLibCheck: false${dom.status === 0 ? '' : `:\n${dom.stdout}`}`);
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19)) {
    writeFileSync(join(consumer, 'req.cjs'), "const { VERSION, RULE_IDS } = require('wasm-verify'); console.log(VERSION, RULE_IDS.length > 0);\n");
    const req = run(process.execPath, ['req.cjs'], { cwd: consumer });
    check(req.status === 0 && /true/.test(req.stdout), `require('wasm-verify') on Node ${process.versions.node}${req.status === 0 ? '' : `:\n${req.stderr}`}`);
  }
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.log(`\n${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('\npack:check: the packed wasm-verify works when installed');
