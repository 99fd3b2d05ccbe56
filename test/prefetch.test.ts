/**
 * The CLI's start-up guess (src/prefetch.ts) decides only what starts early, never what runs:
 * checked here on the function, and end to end on the bin where the guess is wrong.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prefetch, startupHint } from '../src/prefetch.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['wasm-verify'] ?? '');
const OK = join(ROOT, 'sample-plugins/build/wat-minimal-ok.wasm');

describe('startupHint', () => {
  it.each([
    [['p.wasm'], { traffic: true, wasm: ['p.wasm'], hot: false }],
    [['--static', 'p.wasm'], { traffic: false, wasm: ['p.wasm'], hot: false }],
    [['--output', 'r.wasm', 'p.bin'], { traffic: true, wasm: ['r.wasm'], hot: false }], // wrong twice: r.wasm is no plugin, p.bin is
    [['--static=true', 'p.wasm'], { traffic: true, wasm: ['p.wasm'], hot: false }], // wrong: static
    [['rules'], { traffic: false, wasm: [], hot: false }],
    [['--soak', '100', 'p.wasm'], { traffic: true, wasm: ['p.wasm'], hot: true }],
    [['--soak=100', 'p.wasm'], { traffic: true, wasm: ['p.wasm'], hot: true }],
  ])('%j', (args, want) => {
    expect(startupHint(args)).toEqual(want);
  });
});

describe('prefetch', () => {
  it('reads only existing modules, and each call has its own result (no shared cache)', () => {
    const a = prefetch([OK, OK, join(ROOT, 'nope.wasm'), join(ROOT, 'package.json')]);
    expect([...a.keys()]).toEqual([OK]);
    expect(prefetch([OK]).get(OK)).not.toBe(a.get(OK));
  });
});

describe('a wrong guess changes nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wv-prefetch-'));
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, '--no-color', ...args], { cwd: dir, encoding: 'utf8' });

  it('a .wasm option value is read early but never verified; --output still gets the report', () => {
    copyFileSync(OK, join(dir, 'out.wasm')); // a real module, so the guess reads and compiles it
    const r = run('--static', '--format', 'json', '--output', 'out.wasm', OK);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
    const report = JSON.parse(readFileSync(join(dir, 'out.wasm'), 'utf8')) as { results: Array<{ file: string }> };
    expect(report.results.map((x) => x.file)).toEqual([OK]);
  });

  it('--static=true: the worker started on the guess goes unused, the output is the --static one', () => {
    const guessed = run('--static=true', OK);
    expect(guessed.status).toBe(0);
    expect(guessed.stdout).toBe(run('--static', OK).stdout);
    expect(guessed.stdout).toContain('(static checks only)');
  });
});
