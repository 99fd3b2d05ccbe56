#!/usr/bin/env node
// Rebuilds the sample plugins with the real toolchains and writes manifest.json.
//
//   node sample-plugins/build.mjs                 everything, into sample-plugins/build/
//   node sample-plugins/build.mjs --only wat,c    a subset (go | as | c | wat; repeatable)
//   node sample-plugins/build.mjs --out DIR       build into DIR (manifest: DIR/manifest.json)
//   node sample-plugins/build.mjs --readme        only regenerate the verdict table in README.md
//   --no-install                                  do not run scripts/install-toolchains.sh
//
// Steps: install missing toolchains (needs root; skipped with a message otherwise), go/build.sh
// (owned by the Go samples), assemblyscript/build.sh, c/build.sh, every wat/*.wat assembled with
// the wabt npm package; then manifest.json (size, sha256, toolchain and version, source per wasm)
// and the README table generated from expected/*.json. Each build.sh takes the output directory
// as its first argument. Exit 1 with the failing steps named when anything fails.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const require = createRequire(import.meta.url);

const TOOLCHAINS = ['go', 'as', 'c', 'wat'];
/** File-name prefix of each toolchain's outputs in the build directory. */
const PREFIX = { go: 'go-', as: 'as-', c: 'c-', wat: 'wat-' };
const GO_BINARIES = ['/usr/lib/go-1.24/bin/go', 'go'];

class UsageError extends Error {}

function parseArgs(argv) {
  const opts = { only: [], out: null, install: true, readmeOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--only' || a.startsWith('--only=')) {
      for (const t of value().split(',')) {
        if (!TOOLCHAINS.includes(t)) throw new UsageError(`--only ${t}: expected one of ${TOOLCHAINS.join(', ')}`);
        opts.only.push(t);
      }
    } else if (a === '--out' || a.startsWith('--out=')) opts.out = path.resolve(value());
    else if (a === '--no-install') opts.install = false;
    else if (a === '--readme') opts.readmeOnly = true;
    else if (a === '--help' || a === '-h') {
      console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 15).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else throw new UsageError(`unknown argument ${a}`);
  }
  if (opts.only.length === 0) opts.only = [...TOOLCHAINS];
  return opts;
}

function sh(cmd, args, { quiet = false } = {}) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', stdio: quiet ? 'pipe' : 'inherit' });
  return { ok: r.status === 0 && !r.error, status: r.status, stdout: r.stdout ?? '', error: r.error };
}

function firstLine(cmd, args) {
  const r = sh(cmd, args, { quiet: true });
  return r.ok ? r.stdout.split('\n')[0].trim() : null;
}

function canBeRoot() {
  if (process.getuid?.() === 0) return true;
  return sh('sudo', ['-n', 'true'], { quiet: true }).ok;
}

function installToolchains() {
  const script = path.join(here, 'scripts/install-toolchains.sh');
  if (!canBeRoot()) {
    console.log('toolchains: not root and no password-less sudo: skipping scripts/install-toolchains.sh;');
    console.log('            builds below fail if Go 1.24 or clang-16/wasi-libc are missing.');
    return;
  }
  const r = sh('bash', [script]);
  if (!r.ok) console.log(`toolchains: install-toolchains.sh failed (exit ${r.status}); trying the builds anyway`);
}

// ---- toolchain versions (recorded per wasm in the manifest) ----

function goVersion() {
  for (const bin of GO_BINARIES) {
    const v = firstLine(bin, ['version']);
    if (v) return v;
  }
  return null;
}

function pkgVersion(pkgJson) {
  try {
    return JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version;
  } catch {
    return null;
  }
}

function toolchainInfo(tc) {
  switch (tc) {
    case 'go':
      return { name: 'go', version: goVersion() };
    case 'as': {
      const nm = path.join(here, 'assemblyscript/node_modules');
      const asc = pkgVersion(path.join(nm, 'assemblyscript/package.json'));
      const rt = pkgVersion(path.join(nm, '@solo-io/proxy-runtime/package.json'));
      return { name: 'assemblyscript', version: asc && `asc ${asc}, @solo-io/proxy-runtime ${rt}` };
    }
    case 'c':
      return { name: 'clang', version: firstLine(process.env.CC ?? 'clang-16', ['--version']) };
    case 'wat':
      return { name: 'wabt', version: `wabt (npm) ${pkgVersion(require.resolve('wabt/package.json'))}` };
  }
}

// ---- builds ----

function removeOutputs(out, tc) {
  for (const f of fs.readdirSync(out)) {
    if (f.startsWith(PREFIX[tc]) && f.endsWith('.wasm')) fs.rmSync(path.join(out, f));
  }
}

/** Moves a toolchain's fresh outputs from its staging directory into `out`, replacing the old ones. */
function publish(stage, out, tc) {
  const fresh = fs.readdirSync(stage).filter((f) => f.startsWith(PREFIX[tc]) && f.endsWith('.wasm'));
  if (fresh.length === 0) throw new Error(`${tc}: the build produced no ${PREFIX[tc]}*.wasm`);
  removeOutputs(out, tc);
  for (const f of fresh) fs.copyFileSync(path.join(stage, f), path.join(out, f));
}

function runBuildScript(tc, script, stage) {
  const abs = path.join(here, script);
  if (!fs.existsSync(abs)) {
    if (tc === 'go') {
      console.log(`go: ${script} not present yet; skipping the Go samples`);
      return 'skipped';
    }
    throw new Error(`${script} is missing`);
  }
  return sh('bash', [abs, stage]).ok;
}

/** Features the WAT sources may use: what V8 in Envoy accepts by default. */
const WAT_FEATURES = { mutable_globals: true, sat_float_to_int: true, sign_extension: true, multi_value: true, bulk_memory: true };

async function buildWat(out) {
  const wabt = await require('wabt')();
  const dir = path.join(here, 'wat');
  let ok = true;
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.wat')).sort()) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    if (!text.startsWith(';;')) {
      console.error(`wat: ${f} must start with a ';;' comment saying what it models and the expected verdict`);
      ok = false;
      continue;
    }
    let mod;
    try {
      mod = wabt.parseWat(f, text, WAT_FEATURES);
      mod.resolveNames();
      mod.validate();
      const { buffer } = mod.toBinary({ write_debug_names: true });
      const name = f.replace(/\.wat$/, '.wasm');
      fs.writeFileSync(path.join(out, name), buffer);
      console.log(`built ${path.join(out, name)} (${buffer.length} bytes)`);
    } catch (e) {
      console.error(`wat: ${f}: ${e instanceof Error ? e.message : String(e)}`);
      ok = false;
    } finally {
      mod?.destroy();
    }
  }
  return ok;
}

// ---- manifest ----

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function toolchainOf(file) {
  return TOOLCHAINS.find((tc) => file.startsWith(PREFIX[tc]));
}

/** Source of a built plugin, relative to the repository root. */
function sourceOf(tc, name) {
  switch (tc) {
    case 'as':
      return `sample-plugins/assemblyscript/${name}/index.ts`;
    case 'c':
      return `sample-plugins/c/${name}.c`;
    case 'wat':
      return `sample-plugins/wat/${name}.wat`;
    case 'go': {
      const declared = readJson(path.join(here, 'expected/go.json'))?.[name]?.source;
      return typeof declared === 'string' ? declared : 'sample-plugins/go/';
    }
  }
}

function writeManifest(out, manifestFile, rebuilt) {
  const previous = readJson(manifestFile)?.plugins ?? {};
  const versions = Object.fromEntries(rebuilt.map((tc) => [tc, toolchainInfo(tc)]));
  const plugins = {};
  for (const file of fs.readdirSync(out).filter((f) => f.endsWith('.wasm')).sort()) {
    const tc = toolchainOf(file);
    if (!tc) continue;
    const name = file.slice(0, -'.wasm'.length);
    const bytes = fs.readFileSync(path.join(out, file));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const prev = previous[name];
    // Not rebuilt now: keep the recorded toolchain if the bytes are the ones it describes.
    const toolchain = versions[tc] ?? (prev?.sha256 === sha256 ? prev.toolchain : toolchainInfo(tc));
    plugins[name] = {
      file: path.relative(path.dirname(manifestFile), path.join(out, file)).split(path.sep).join('/'),
      size: bytes.length,
      sha256,
      toolchain,
      source: sourceOf(tc, name),
    };
  }
  const manifest = { description: 'Built sample plugins: regenerate with `npm run samples`; do not edit.', plugins };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  return plugins;
}

function printSummary(plugins) {
  const rows = Object.entries(plugins).map(([name, p]) => [name, p.toolchain.name, String(p.size), p.sha256.slice(0, 12)]);
  const head = ['plugin', 'toolchain', 'bytes', 'sha256'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log('\n' + line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

// ---- README table, generated from expected/*.json ----

const README_BEGIN = '<!-- verdict-table:begin (generated by build.mjs from expected/*.json) -->';
const README_END = '<!-- verdict-table:end -->';
const HOSTS = ['envoy', 'higress', 'higress-2.0'];
const SCENARIOS = ['http-get', 'http-post-json', 'openai-chat', 'openai-chat-stream'];

function verdictCell(h) {
  if (!h) return '?';
  const rules = h.rules?.length ? ` ${h.rules.join(' ')}` : '';
  return `${h.verdict}${rules}${h.unsure ? ' (?)' : ''}`;
}

function scenarioCell(h) {
  if (!h?.scenarios) return '—';
  const outcomes = SCENARIOS.map((s) => h.scenarios[s] ?? '?');
  return outcomes.every((o) => o === outcomes[0]) ? `all ${outcomes[0]}` : outcomes.join(' / ');
}

function readmeTable() {
  const files = ['go', 'assemblyscript', 'c', 'wat'].map((n) => path.join(here, 'expected', `${n}.json`));
  const rows = [];
  for (const file of files) {
    const expected = readJson(file);
    if (!expected) continue;
    for (const [name, e] of Object.entries(expected)) {
      rows.push(
        `| \`${name}\` | ${e.toolchain} | ${HOSTS.map((h) => verdictCell(e.hosts?.[h])).join(' | ')} | ` +
          `${HOSTS.map((h) => scenarioCell(e.hosts?.[h])).join(' | ')} |`,
      );
    }
  }
  return [
    README_BEGIN,
    '| plugin | toolchain | envoy | higress | higress-2.0 | scenarios on envoy | on higress | on higress-2.0 |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    README_END,
  ].join('\n');
}

function updateReadme() {
  const file = path.join(here, 'README.md');
  if (!fs.existsSync(file)) return;
  const text = fs.readFileSync(file, 'utf8');
  const a = text.indexOf(README_BEGIN);
  const b = text.indexOf(README_END);
  if (a < 0 || b < a) return;
  const next = text.slice(0, a) + readmeTable() + text.slice(b + README_END.length);
  if (next !== text) fs.writeFileSync(file, next);
}

// ---- consistency of expected/*.json with the built files and the rule catalog ----

const EXPECTED_FILE = { go: 'go', as: 'assemblyscript', c: 'c', wat: 'wat' };
const OUTCOMES = ['forwarded', 'local-response', 'hang', 'stall', 'cpu-hang', 'trap', 'error'];

/** Problems in expected/*.json for the given toolchains, as one-line messages. */
function expectedProblems(plugins, toolchains) {
  const catalog = fs.readFileSync(path.join(repoRoot, 'src/rules/catalog.ts'), 'utf8');
  const ruleIds = new Set([...catalog.matchAll(/^\s*(WV\d{4}):/gm)].map((m) => m[1]));
  const problems = [];
  for (const tc of toolchains) {
    const file = `expected/${EXPECTED_FILE[tc]}.json`;
    const expected = readJson(path.join(here, file));
    const built = Object.keys(plugins).filter((n) => toolchainOf(`${n}.wasm`) === tc);
    if (!expected) {
      if (built.length > 0) problems.push(`${file} is missing or not JSON`);
      continue;
    }
    for (const n of built) if (!(n in expected)) problems.push(`${file}: no entry for built ${n}.wasm`);
    for (const [n, e] of Object.entries(expected)) {
      if (!built.includes(n)) problems.push(`${file}: ${n} has no built ${n}.wasm`);
      for (const h of HOSTS) {
        const v = e.hosts?.[h];
        if (!v) { problems.push(`${file}: ${n} has no ${h} verdict`); continue; }
        if (v.verdict !== 'pass' && v.verdict !== 'fail') problems.push(`${file}: ${n}/${h}: verdict ${v.verdict}`);
        for (const r of v.rules ?? []) if (!ruleIds.has(r)) problems.push(`${file}: ${n}/${h}: unknown rule ${r}`);
        if (JSON.stringify(v.rules) !== JSON.stringify([...(v.rules ?? [])].sort())) problems.push(`${file}: ${n}/${h}: rules not sorted`);
        for (const [s, o] of Object.entries(v.scenarios ?? {})) {
          if (!SCENARIOS.includes(s) || !OUTCOMES.includes(o)) problems.push(`${file}: ${n}/${h}: scenario ${s}: ${o}`);
        }
      }
    }
  }
  return problems;
}

// ---- main ----

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.readmeOnly) {
    updateReadme();
    return 0;
  }
  const out = opts.out ?? path.join(here, 'build');
  const manifestFile = opts.out ? path.join(out, 'manifest.json') : path.join(here, 'manifest.json');
  fs.mkdirSync(out, { recursive: true });

  if (opts.install && opts.only.some((t) => t === 'go' || t === 'c')) installToolchains();

  // Each toolchain builds into its own staging directory; its outputs replace the old ones in
  // `out` only when the whole step succeeded, so a failed build never leaves `out` half-empty.
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'wasm-verify-samples-'));
  const failed = [];
  const steps = {
    go: (stage) => runBuildScript('go', 'go/build.sh', stage),
    as: (stage) => runBuildScript('as', 'assemblyscript/build.sh', stage),
    c: (stage) => runBuildScript('c', 'c/build.sh', stage),
    wat: (stage) => buildWat(stage),
  };
  try {
    for (const tc of TOOLCHAINS.filter((t) => opts.only.includes(t))) {
      console.log(`\n== ${tc} ==`);
      const stage = path.join(staging, tc);
      fs.mkdirSync(stage);
      let ok;
      try {
        ok = await steps[tc](stage);
        if (ok === true) publish(stage, out, tc);
      } catch (e) {
        console.error(`${tc}: ${e instanceof Error ? e.message : String(e)}`);
        ok = false;
      }
      if (!ok) failed.push(tc);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  if (failed.length > 0) {
    console.error(`\nsample build FAILED for: ${failed.join(', ')} (see the output above); manifest not written`);
    return 1;
  }
  const plugins = writeManifest(out, manifestFile, opts.only);
  printSummary(plugins);
  for (const p of expectedProblems(plugins, opts.only)) console.warn(`warning: ${p}`);
  const shown = path.relative(process.cwd(), manifestFile);
  console.log(`\nmanifest: ${shown.startsWith('..') ? manifestFile : shown}`);
  if (!opts.out) updateReadme();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof UsageError) {
      console.error(`build.mjs: ${e.message} (see --help)`);
      process.exit(2);
    }
    console.error(e);
    process.exit(1);
  },
);
