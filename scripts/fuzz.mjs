#!/usr/bin/env node
// npm run fuzz -- --count N [--seed S] [--jobs J] [--stall-ms MS] [--keep DIR]
//
// Hostile inputs for the whole CLI, each verified in a child process with --format json:
//   mutated   the sample plugins (sample-plugins/build/*.wasm) with bytes flipped, cut short,
//             a section size corrupted, a range zeroed or a chunk spliced elsewhere;
//   generated random valid modules from Debian's binaryen (wasm-opt --translate-to-fuzz, imports
//             removed), their exports renamed to proxy-wasm callbacks of the same signature, an
//             ABI marker and an allocator, so that they link and run traffic.
// Prints a table of exit codes, the slowest run and the peak memory (maxRSS of the child, all
// threads). Exits 1 on any internal error (exit 3), stall (killed after --stall-ms), invalid JSON
// or a crash; 0 otherwise. Deterministic for a seed (the inputs, not the timings).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/bundle/wasm-verify.cjs');
const PRELOAD = join(ROOT, 'scripts/max-rss.cjs');

function parseArgs(argv) {
  const o = { count: 200, seed: 1, jobs: 2, stallMs: 120_000, keep: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--count') o.count = Number(next());
    else if (a === '--seed') o.seed = Number(next());
    else if (a === '--jobs') o.jobs = Number(next());
    else if (a === '--stall-ms') o.stallMs = Number(next());
    else if (a === '--keep') o.keep = next();
    else if (a === '--help' || a === '-h') {
      console.log('npm run fuzz -- --count N [--seed S] [--jobs J] [--stall-ms MS] [--keep DIR]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const k of ['count', 'seed', 'jobs', 'stallMs']) if (!Number.isInteger(o[k]) || o[k] < (k === 'seed' ? 0 : 1)) throw new Error(`--${k} must be a whole number`);
  return o;
}

/** mulberry32: a small seeded PRNG, so a seed gives the same inputs. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (list) => list[Math.floor(next() * list.length)] };
}

function leb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

// ---- mutations of the sample plugins ----

function mutate(bytes, rnd, walk) {
  const b = new Uint8Array(bytes);
  const kind = rnd.pick(['flip', 'flip', 'truncate', 'section-size', 'zero-range', 'splice']);
  if (kind === 'flip') {
    const n = 1 + rnd.int(8);
    for (let i = 0; i < n; i++) b[rnd.int(b.length)] ^= 1 << rnd.int(8);
    return { kind, bytes: b };
  }
  if (kind === 'truncate') return { kind, bytes: b.slice(0, rnd.int(b.length)) };
  if (kind === 'section-size') {
    let sections = [];
    try {
      sections = walk(bytes).sections;
    } catch {
      sections = [];
    }
    const s = sections.length > 0 ? rnd.pick(sections) : undefined;
    // The size field follows the id byte: overwrite its LEB bytes with a random size of the same width.
    if (s !== undefined && s.offset > 1) {
      let at = s.offset - 1;
      while (at > 0 && (b[at - 1] & 0x80) !== 0) at--;
      const width = s.offset - at;
      const v = rnd.int(2 ** Math.min(28, 7 * width));
      for (let i = 0; i < width; i++) b[at + i] = ((v >>> (7 * i)) & 0x7f) | (i < width - 1 ? 0x80 : 0);
    }
    return { kind, bytes: b };
  }
  if (kind === 'zero-range') {
    const at = rnd.int(b.length);
    b.fill(0, at, Math.min(b.length, at + 1 + rnd.int(4096)));
    return { kind, bytes: b };
  }
  const from = rnd.int(b.length);
  const len = 1 + rnd.int(Math.min(4096, b.length - from));
  const to = rnd.int(b.length);
  const out = new Uint8Array(b.length + len);
  out.set(b.subarray(0, to));
  out.set(b.subarray(from, from + len), to);
  out.set(b.subarray(to), to + len);
  return { kind, bytes: out };
}

// ---- random valid modules made plugins ----

const sigKey = (s) => `${s.params.join(',')}->${s.results.join(',')}`;

/**
 * The skeleton every generated module starts from (wasm-opt --initial-fuzz): memory, an ABI
 * marker, a bump allocator and root callbacks that succeed, so that the module links and runs.
 */
const SKELETON = `(module
  (memory (export "memory") 2)
  (func (export "proxy_abi_version_0_2_1"))
  (global $heap (mut i32) (i32.const 65536))
  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (global.get $heap))
    (global.set $heap (i32.and (i32.add (i32.add (local.get $ptr) (local.get $size)) (i32.const 7)) (i32.const -8)))
    (block $fits
      (br_if $fits (i32.le_u (global.get $heap) (i32.shl (memory.size) (i32.const 16))))
      (br_if $fits (i32.ne (i32.const -1) (memory.grow (i32.add (i32.const 1)
        (i32.shr_u (i32.sub (global.get $heap) (i32.shl (memory.size) (i32.const 16))) (i32.const 16))))))
      unreachable)
    (local.get $ptr))
  (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
  (func (export "proxy_on_configure") (param i32 i32) (result i32) (i32.const 1)))`;

async function skeleton(dir) {
  const wabt = await (await import('wabt')).default();
  const m = wabt.parseWat('skeleton.wat', SKELETON);
  const file = join(dir, 'skeleton.wasm');
  writeFileSync(file, new Uint8Array(m.toBinary({}).buffer));
  m.destroy();
  return file;
}

/** Renames the generated exports to callbacks of the same signature the skeleton does not export. */
function pluginize(bytes, rnd, symbols, walk) {
  const w = walk(bytes);
  const abi = '0.2.1';
  const used = new Set(w.exports.map((e) => e.name));
  const byKey = new Map();
  for (const c of symbols.CALLBACKS) {
    if (c.abi !== 'all' && !c.abi.includes(abi)) continue;
    // Start functions only now and then: most cases should reach traffic.
    if (['_initialize', '_start', 'main', '__main_void'].includes(c.name) && rnd.next() < 0.7) continue;
    const k = sigKey(c.signature);
    byKey.set(k, [...(byKey.get(k) ?? []), c.name]);
  }
  const exports = w.exports.map((e) => ({ ...e }));
  for (const e of exports) {
    if (e.kind !== 'function' || e.signature === undefined || /^(proxy_|malloc$)/.test(e.name)) continue;
    const free = (byKey.get(sigKey(e.signature)) ?? []).filter((n) => !used.has(n));
    if (free.length === 0 || rnd.next() < 0.1) continue;
    e.name = rnd.pick(free);
    used.add(e.name);
  }
  const kinds = { function: 0, table: 1, memory: 2, global: 3, tag: 4 };
  const body = [...leb(exports.length)];
  for (const e of exports) {
    const name = Buffer.from(e.name);
    body.push(...leb(name.length), ...name, kinds[e.kind], ...leb(e.index));
  }
  const sec = w.sections.find((s) => s.id === 7);
  if (sec === undefined) return undefined;
  let start = sec.offset - 1;
  while (start > 0 && (bytes[start - 1] & 0x80) !== 0) start--;
  start--; // the id byte
  const out = Buffer.concat([bytes.subarray(0, start), Buffer.from([7, ...leb(body.length), ...body]), bytes.subarray(sec.offset + sec.size)]);
  return new Uint8Array(out);
}

function generate(rnd, dir, n, symbols, walk, skel) {
  const seedFile = join(dir, `seed-${n}.bin`);
  const out = join(dir, `gen-${n}.wasm`);
  const size = 512 + rnd.int(16 * 1024);
  const seed = new Uint8Array(size);
  for (let i = 0; i < size; i++) seed[i] = rnd.int(256);
  writeFileSync(seedFile, seed);
  const r = spawnSync('wasm-opt', [seedFile, '-ttf', `--initial-fuzz=${skel}`, '--remove-imports', '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  rmSync(seedFile, { force: true });
  if (r.status !== 0) return undefined;
  const made = pluginize(readFileSync(out), rnd, symbols, walk);
  rmSync(out, { force: true });
  return made;
}

// ---- running ----

function runOne(file, args, stallMs) {
  const rssFile = `${file}.rss`;
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', PRELOAD, BIN, '--format', 'json', ...args, file], {
      env: { ...process.env, WV_MAX_RSS_FILE: rssFile, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    let stalled = false;
    const timer = setTimeout(() => {
      stalled = true;
      child.kill('SIGKILL');
    }, stallMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let rss = 0;
      try {
        rss = Number(readFileSync(rssFile, 'utf8')) * 1024;
      } catch {
        rss = 0;
      }
      rmSync(rssFile, { force: true });
      resolve({ code, signal, stalled, ms: performance.now() - started, rss, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
}

function validJson(r) {
  if (r.code === 2 && r.stdout.trim() === '') return true; // unreadable input: one line on stderr
  try {
    const doc = JSON.parse(r.stdout);
    return doc.schemaVersion === 1 && Array.isArray(doc.results) && doc.results.every((x) => typeof x.verdict === 'string' && Array.isArray(x.findings));
  } catch {
    return false;
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const symbols = await import(join(ROOT, 'host-shim/dist/symbols.js'));
  const { walkModule } = await import(join(ROOT, 'host-shim/dist/binary/index.js'));
  const haveOpt = spawnSync('wasm-opt', ['--version']).status === 0;
  if (!haveOpt) {
    const msg = 'wasm-opt (Debian binaryen) not found: run scripts/install-binaryen.sh (as root)';
    if (process.env.CI) throw new Error(msg);
    console.error(`fuzz: ${msg}; only mutated samples this time`);
  }
  const sampleDir = join(ROOT, 'sample-plugins/build');
  const samples = readdirSync(sampleDir).filter((f) => f.endsWith('.wasm')).sort().map((f) => ({ name: f, bytes: readFileSync(join(sampleDir, f)) }));
  const dir = o.keep ?? mkdtempSync(join(tmpdir(), 'wv-fuzz-'));
  mkdirSync(dir, { recursive: true });
  const rnd = prng(o.seed);
  const skel = haveOpt ? await skeleton(dir) : '';
  const cases = [];
  for (let n = 0; n < o.count; n++) {
    const generated = haveOpt && n % 2 === 1;
    let bytes;
    let label;
    if (generated) {
      bytes = generate(rnd, dir, n, symbols, walkModule, skel);
      label = 'generated';
    }
    if (bytes === undefined) {
      const s = rnd.pick(samples);
      const m = mutate(s.bytes, rnd, walkModule);
      bytes = m.bytes;
      label = `mutated (${m.kind})`;
    }
    const file = join(dir, `case-${String(n).padStart(5, '0')}.wasm`);
    writeFileSync(file, bytes);
    // Every fifth case on every host (the compatibility matrix); the rest on the host auto picks.
    cases.push({ n, file, label, group: label.startsWith('generated') ? 'generated' : 'mutated', args: n % 5 === 0 ? ['--host', 'all'] : [] });
  }

  const results = [];
  let next = 0;
  let done = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      const r = await runOne(c.file, c.args, o.stallMs);
      const bad = r.stalled || r.code === 3 || r.code === null || !validJson(r);
      results.push({ ...c, ...r, json: validJson(r) });
      if (!bad && o.keep === undefined) rmSync(c.file, { force: true });
      if (bad) console.error(`fuzz: case ${c.n} (${c.label}${c.args.length ? ', --host all' : ''}): ${r.stalled ? 'stall' : `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}`}${validJson(r) ? '' : ', invalid JSON'} — kept ${c.file}\n${r.stderr.slice(0, 2000)}`);
      done++;
      if (process.stderr.isTTY && done % 10 === 0) process.stderr.write(`\r${done}/${cases.length}`);
    }
  };
  await Promise.all(Array.from({ length: o.jobs }, worker));
  if (process.stderr.isTTY) process.stderr.write('\r');

  const groups = ['mutated', 'generated', 'all'];
  const row = (g) => {
    const rs = g === 'all' ? results : results.filter((r) => r.group === g);
    const count = (f) => rs.filter(f).length;
    const slowest = rs.reduce((a, r) => (a === undefined || r.ms > a.ms ? r : a), undefined);
    const peak = rs.reduce((a, r) => (a === undefined || r.rss > a.rss ? r : a), undefined);
    return [g, rs.length, count((r) => r.code === 0), count((r) => r.code === 1), count((r) => r.code === 2), count((r) => r.code === 3), count((r) => r.stalled), count((r) => !r.json), slowest ? `${(slowest.ms / 1000).toFixed(1)} s (case ${slowest.n})` : '-', peak ? `${(peak.rss / 1048576).toFixed(0)} MB (case ${peak.n})` : '-'];
  };
  const table = [['modules', 'runs', 'exit 0', 'exit 1', 'exit 2', 'exit 3', 'stalls', 'bad JSON', 'slowest', 'peak memory'], ...groups.map(row)];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => String(r[i]).length)));
  for (const r of table) console.log(r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd());
  console.log(`seed ${o.seed}, ${o.jobs} jobs, ${((performance.now() - started) / 1000).toFixed(0)} s; inputs ${o.keep === undefined ? 'removed (failures kept)' : `kept in ${dir}`}`);
  const failures = results.filter((r) => r.stalled || r.code === 3 || r.code === null || !r.json);
  if (o.keep === undefined && failures.length === 0) rmSync(dir, { recursive: true, force: true });
  if (failures.length > 0) {
    console.log(`FAIL: ${failures.length} run(s) with an internal error, a stall, a crash or invalid JSON`);
    process.exitCode = 1;
  } else console.log(`fuzz: ${results.length} runs, no internal error, stall or invalid JSON`);
}

main().catch((e) => {
  console.error(`fuzz: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
