/**
 * examples/plugin-repo: a Higress-style plugin repository (extensions/<name>/plugin.wasm beside its
 * .buildrc, a .wasm-verify.yaml, a Makefile). `make verify` is run there with GNU make and the
 * CLI users get (the bundle; `npm test` builds first), in a copy so reports land outside the tree.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const EXAMPLE = join(ROOT, 'examples/plugin-repo');
const BIN = join(ROOT, 'dist/bundle/wasm-verify.cjs');
let repo = '';

function make(...args: string[]) {
  const r = spawnSync('make', ['-s', 'verify', `WASM_VERIFY=${process.execPath} ${BIN}`, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '' } });
  if (r.error) throw new Error(`GNU make is needed (sample-plugins/scripts/install-toolchains.sh installs it): ${r.error.message}`);
  return r;
}

beforeAll(() => {
  repo = join(mkdtempSync(join(tmpdir(), 'wv-example-')), 'plugin-repo');
  cpSync(EXAMPLE, repo, { recursive: true });
});

describe('examples/plugin-repo', () => {
  it('its plugins are the sample builds, copied', () => {
    expect(readFileSync(join(EXAMPLE, 'extensions/llm-gateway/plugin.wasm')).equals(readFileSync(join(ROOT, 'sample-plugins/build/go-llm-gateway-no-tag.wasm')))).toBe(true);
    expect(readFileSync(join(EXAMPLE, 'extensions/add-header/plugin.wasm')).equals(readFileSync(join(ROOT, 'sample-plugins/build/c-add-header.wasm')))).toBe(true);
    expect(readFileSync(join(EXAMPLE, 'extensions/llm-gateway/.buildrc'), 'utf8')).toBe(readFileSync(join(ROOT, 'sample-plugins/go/llm-gateway/.buildrc'), 'utf8'));
  });

  it('make verify fails on the founding-bug plugin, with its settings applied, and writes JUnit and SARIF', () => {
    const r = make();
    expect(r.status).toBe(2); // make's own exit code when a recipe fails
    expect(r.stderr).toMatch(/make: \*\*\* \[Makefile:\d+: verify\] Error 1/);
    expect(r.stdout).toContain('  settings   .wasm-verify.yaml (plugins[0]: extensions/llm-gateway/*.wasm)');
    expect(r.stdout).toContain('  config     extensions/llm-gateway/config.yaml (YAML converted to JSON, 126 bytes)');
    expect(r.stdout).toContain('error   WV1008 buildrc-abi-tag-ignored  (extensions/llm-gateway/.buildrc)');
    expect(r.stdout).toMatch(/openai-chat {9}hang/);
    expect(r.stdout).toContain('FAIL  higress: 4 errors, 0 warnings');
    expect(r.stdout).toContain('PASS  passes on envoy, higress');
    expect(readFileSync(join(repo, 'reports/wasm-verify.xml'), 'utf8')).toMatch(/<testsuites[\s\S]*WV1008/);
    expect((JSON.parse(readFileSync(join(repo, 'reports/wasm-verify.sarif'), 'utf8')) as { version: string }).version).toBe('2.1.0');
  });

  it('make verify passes with the good plugin alone', () => {
    const r = make('PLUGINS=extensions/add-header/plugin.wasm', 'REPORTS=good');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  settings   .wasm-verify.yaml (plugins[1]: extensions/add-header/*.wasm)');
    expect(r.stdout).not.toContain('llm-gateway');
    expect(r.stdout).toMatch(/PASS {2}passes on envoy, higress\n$/);
    expect(existsSync(join(repo, 'good/wasm-verify.xml'))).toBe(true);
  });
});
