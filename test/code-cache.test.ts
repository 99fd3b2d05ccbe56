/**
 * The bundles' V8 code cache (src/code-cache.ts): used only when it is for this exact bundle and
 * V8 accepts it; any other cache is ignored and the bundle runs as it would without one.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLE_ID_PREFIX, bundleId, cacheFileOf, compileBundle, runBundle, writeCache } from '../src/code-cache.js';
import { BASELINE_TIER_FLAG } from '../src/wasm-tier.js';

const ROOT = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

/** A small CommonJS bundle with some functions for V8 to cache, ending with its build id. */
function makeBundle(id = '0123456789abcdef', body = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'wv-cache-'));
  const file = join(dir, 'b.cjs');
  const fns = Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x * ${i} + ${i}; }`).join('\n');
  const source = `${fns}\nlet sum = 0;\nfor (let i = 0; i < 50; i++) sum += eval('f' + i)(i);\nmodule.exports.sum = sum;\nmodule.exports.dir = __dirname;\nmodule.exports.path = require('node:path').basename(__filename);\n${body}${BUNDLE_ID_PREFIX}${id}\n`;
  writeFileSync(file, source);
  return file;
}

/**
 * Compiles and runs the bundle in a fresh node process, as a run of the bin does (in this process
 * V8's in-memory compilation cache would answer instead of the cache file): whether the cache was
 * rejected, and the bundle's exports (unless `run` is false: compiled only).
 */
function check(file: string, run = true, v8Flags: readonly string[] = []): { cacheRejected: boolean | null; exports: Record<string, unknown> } {
  const code = `
    const { compileBundle } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/code-cache.js')).href)});
    const file = ${JSON.stringify(file)};
    const { script, cacheRejected } = compileBundle(file);
    const module = { exports: {} };
    if (${run}) script.runInThisContext()(module.exports, (await import('node:module')).createRequire(file), module, file, ${JSON.stringify(dirname(file))});
    console.log(JSON.stringify({ cacheRejected: cacheRejected ?? null, exports: module.exports }));`;
  const r = spawnSync(process.execPath, [...v8Flags, '--input-type=module', '-e', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node exited ${r.status} (${r.signal}): ${r.stderr}`);
  return JSON.parse(r.stdout) as { cacheRejected: boolean | null; exports: Record<string, unknown> };
}

/** Compiles, runs and caches the bundle, as the build's training run does. */
function train(file: string): void {
  const { script, id } = compileBundle(file);
  const module = { exports: {} };
  (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, require, module, file, dirname(file));
  writeCache(script, file, id);
}

describe('bundleId', () => {
  it('reads the id from the last line, and gives "" without one', () => {
    expect(bundleId(`x\n//# bundle-id=00ff00ff00ff00ff\n`)).toBe('00ff00ff00ff00ff');
    expect(bundleId('x\n')).toBe('');
  });
});

describe('compileBundle', () => {
  const sumOf = (f: (i: number) => number) => Array.from({ length: 50 }, (_, i) => f(i)).reduce((a, b) => a + b, 0);
  const expected = { sum: sumOf((i) => i * i + i), path: 'b.cjs' };

  it('without a cache: compiles as usual (cacheRejected undefined)', () => {
    const file = makeBundle();
    expect(check(file)).toMatchObject({ cacheRejected: null, exports: expected });
  });

  it('a cache made for the bundle is accepted', () => {
    const file = makeBundle();
    train(file);
    expect(readFileSync(cacheFileOf(file)).toString('latin1', 0, 16)).toBe('0123456789abcdef');
    expect(check(file)).toMatchObject({ cacheRejected: false, exports: expected });
  });

  it('a cache of another build of the bundle is not used, even for a source of the same length', () => {
    const file = makeBundle('0123456789abcdef');
    train(file);
    // Same length, other code: V8 alone compares only the length and would run the old code.
    const other = readFileSync(file, 'utf8').replaceAll('x * ', 'x + ').replace('0123456789abcdef', 'fedcba9876543210');
    expect(other.length).toBe(readFileSync(file, 'utf8').length);
    writeFileSync(file, other);
    expect(check(file)).toMatchObject({ cacheRejected: null, exports: { sum: sumOf((i) => 3 * i) } });
  });

  it('a corrupt cache is rejected by its checksum (release V8 would crash or run it), and the bundle runs the same', () => {
    const file = makeBundle();
    train(file);
    const good = readFileSync(cacheFileOf(file));
    for (const at of [40, 200, good.length >> 1, good.length - 80]) {
      const bad = Buffer.from(good);
      for (let i = at; i < at + 64; i++) bad[i]! ^= 0x5a;
      writeFileSync(cacheFileOf(file), bad);
      expect(check(file)).toMatchObject({ cacheRejected: true, exports: expected });
    }
  });

  it('a truncated or empty cache file is not used', () => {
    const file = makeBundle();
    train(file);
    const cache = readFileSync(cacheFileOf(file));
    writeFileSync(cacheFileOf(file), cache.subarray(0, cache.length >> 1));
    expect(check(file)).toMatchObject({ cacheRejected: true, exports: expected });
    writeFileSync(cacheFileOf(file), cache.subarray(0, 16));
    expect(check(file)).toMatchObject({ cacheRejected: null, exports: expected });
    writeFileSync(cacheFileOf(file), '');
    expect(check(file)).toMatchObject({ cacheRejected: null, exports: expected });
  });

  it('runBundle gives the bundle require, module, __filename and __dirname of its own file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'wv-cache-')), 'out.json');
    const file = makeBundle('0123456789abcdef', `require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(module.exports));\n`);
    runBundle(file);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ ...expected, dir: dirname(file) });
  });
});

describe('the built bundles (npm test builds first)', () => {
  // Under the V8 flags the bin sets for every run but a soak (src/wasm-tier.ts).
  it.each(['cli.cjs', 'worker.cjs'])('dist/bundle/%s has a cache V8 accepts', (name) => {
    const file = join(ROOT, 'dist/bundle', name);
    expect(existsSync(cacheFileOf(file))).toBe(true);
    expect(check(file, false, [BASELINE_TIER_FLAG]).cacheRejected).toBe(false);
  });
});
