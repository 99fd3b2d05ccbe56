/**
 * examples/plugin-repo: a Higress-style plugin repository (extensions/<name>/plugin.wasm beside its
 * .buildrc, a .wasm-verify.yaml, a Makefile). `make verify` is run there with GNU make and the
 * CLI users get (the bundle; `npm test` builds first), in a copy so reports land outside the tree.
 * docs/ci.md's recipes and the reusable action (action.yml) are run there too, as written.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaErrors } from './helpers/schemas.js';

const ROOT = resolve(import.meta.dirname, '..');
const EXAMPLE = join(ROOT, 'examples/plugin-repo');
const BIN = join(ROOT, 'dist/bundle/wasm-verify.cjs');
let repo = '';

/** A fresh copy of the example repository. */
function copy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'wv-example-')), 'plugin-repo');
  cpSync(EXAMPLE, dir, { recursive: true });
  // `make build` of the example: the sample builds copied into extensions/<name>/plugin.wasm.
  const b = spawnSync('make', ['-s', 'build', `SAMPLES=${join(ROOT, 'sample-plugins/build')}`], { cwd: dir, encoding: 'utf8' });
  if (b.error !== undefined || b.status !== 0) throw new Error(`make build in the example failed (GNU make is needed: sample-plugins/scripts/install-toolchains.sh installs it): ${b.error?.message ?? b.stderr}`);
  return dir;
}

/** Runs a shell command as docs/ci.md writes it, with the bundle for `npx --no-install wasm-verify`. */
function sh(script: string, cwd: string, env: Record<string, string> = {}) {
  const cmd = script.replaceAll('npx --no-install wasm-verify', `"${process.execPath}" "${BIN}"`);
  // stdin not a pipe: bash takes a socket on stdin for a remote shell and reads ~/.bashrc.
  return spawnSync('bash', ['-c', cmd], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '', ...env } });
}

/** The fenced code blocks of docs/ci.md in a language. */
function blocks(lang: string): string[] {
  const text = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');
  return [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

function make(...args: string[]) {
  const r = spawnSync('make', ['-s', 'verify', `WASM_VERIFY=${process.execPath} ${BIN}`, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '' } });
  if (r.error) throw new Error(`GNU make is needed (sample-plugins/scripts/install-toolchains.sh installs it): ${r.error.message}`);
  return r;
}

beforeAll(() => {
  repo = copy();
});

describe('examples/plugin-repo', () => {
  it('make build puts the sample builds in the Higress layout, beside the .buildrc of the Go plugin\'s source', () => {
    expect(readFileSync(join(repo, 'extensions/llm-gateway/plugin.wasm')).equals(readFileSync(join(ROOT, 'sample-plugins/build/go-llm-gateway-no-tag.wasm')))).toBe(true);
    expect(readFileSync(join(repo, 'extensions/add-header/plugin.wasm')).equals(readFileSync(join(ROOT, 'sample-plugins/build/c-add-header.wasm')))).toBe(true);
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
    expect(r.stdout).toContain('FAIL  higress@2.2: 4 errors, 0 warnings');
    expect(r.stdout).toContain('PASS  passes on envoy@1.38, higress@2.2');
    expect(readFileSync(join(repo, 'reports/wasm-verify.xml'), 'utf8')).toMatch(/<testsuites[\s\S]*WV1008/);
    expect((JSON.parse(readFileSync(join(repo, 'reports/wasm-verify.sarif'), 'utf8')) as { version: string }).version).toBe('2.1.0');
  });

  it('make verify passes with the good plugin alone', () => {
    const r = make('PLUGINS=extensions/add-header/plugin.wasm', 'REPORTS=good');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  settings   .wasm-verify.yaml (plugins[1]: extensions/add-header/*.wasm)');
    expect(r.stdout).not.toContain('llm-gateway');
    expect(r.stdout).toMatch(/PASS {2}passes on envoy@1.38, higress@2.2\n$/);
    expect(existsSync(join(repo, 'good/wasm-verify.xml'))).toBe(true);
  });

  it('the JSON report records the settings file and entry that applied to each result', () => {
    const r = spawnSync(process.execPath, [BIN, '--static', '--format', 'json', 'extensions/add-header/plugin.wasm', 'extensions/llm-gateway/plugin.wasm'], { cwd: repo, encoding: 'utf8' });
    const doc = JSON.parse(r.stdout) as { results: Array<{ file: string; settings?: string }> };
    expect(schemaErrors('report', doc)).toBe('');
    const results = doc.results;
    expect(new Set(results.map((x) => `${x.file} <- ${x.settings}`))).toEqual(
      new Set([
        'extensions/add-header/plugin.wasm <- .wasm-verify.yaml (plugins[1]: extensions/add-header/*.wasm)',
        'extensions/llm-gateway/plugin.wasm <- .wasm-verify.yaml (plugins[0]: extensions/llm-gateway/*.wasm)',
      ]),
    );
  });
});

interface Step { readonly name?: string; readonly run?: string; readonly id?: string; readonly env?: Record<string, string> }

describe('docs/ci.md, run as written', () => {
  it('its Make target is the example repository\'s', () => {
    const makefile = readFileSync(join(EXAMPLE, 'Makefile'), 'utf8');
    const doc = blocks('make')[0]!;
    for (const line of doc.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('.PHONY'))) expect(makefile).toContain(line);
  });

  it('the GitHub Actions step: annotations on stdout, SARIF and JUnit written, the job fails on the founding bug', () => {
    const workflow = parseYaml(blocks('yaml')[0]!) as { jobs: Record<string, { steps: Step[] }> };
    const steps = Object.values(workflow.jobs)[0]!.steps;
    const step = steps.find((x) => x.name === 'wasm-verify')!;
    const dir = copy();
    const r = sh(step.run!, dir, { GITHUB_ACTIONS: 'true' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::error file=extensions\/llm-gateway\/\.buildrc,[^\n]*title=WV1008/m);
    const sarif = (steps.find((x) => x.name === 'upload SARIF') as { with: { sarif_file: string } }).with.sarif_file;
    const junit = (steps.find((x) => x.name === 'JUnit report') as { with: { report_paths: string } }).with.report_paths;
    expect((JSON.parse(readFileSync(join(dir, sarif), 'utf8')) as { runs: unknown[] }).runs.length).toBe(1);
    expect(readFileSync(join(dir, junit), 'utf8')).toContain('<testsuite');
  });

  it('the GitLab CI job: its script fails on the founding bug and writes the JUnit file its artifacts name', () => {
    const job = Object.values(parseYaml(blocks('yaml').find((b) => b.includes('.gitlab-ci.yml'))!) as Record<string, { script: string[]; artifacts: { reports: { junit: string } } }>)[0]!;
    const dir = copy();
    const r = sh(job.script.filter((l) => l !== 'npm ci').join(' && '), dir);
    expect(r.status).toBe(1);
    expect(r.stdout.replace(/\u001b\[\d+m/g, '')).toContain('FAIL  higress@2.2: 4 errors, 0 warnings');
    expect(readFileSync(join(dir, job.artifacts.reports.junit), 'utf8')).toContain('<testsuite');
  });
});

describe('action.yml, the reusable GitHub Action', () => {
  const action = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; runs: { steps: Step[] } };
  const verify = action.runs.steps.find((x) => x.id === 'verify')!;
  /** The step's environment as GitHub would make it from the inputs (defaults, then `with`). */
  function run(withInputs: Record<string, string>, cwd: string) {
    const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, withInputs[k] ?? v.default ?? '']));
    const env = Object.fromEntries(Object.entries(verify.env!).map(([k, v]) => [k, inputs[/inputs\.([\w-]+)/.exec(v)![1]!] ?? '']));
    const output = join(cwd, 'github-output');
    const r = spawnSync('bash', ['-c', verify.run!], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '', GITHUB_ACTIONS: 'true', GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: output, ...env } });
    return { ...r, output: existsSync(output) ? readFileSync(output, 'utf8') : '' };
  }

  it('has the inputs files, host, settings, format and failure-threshold', () => {
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['files', 'host', 'settings', 'format', 'failure-threshold']));
  });

  it('fails on the founding bug with annotations, writes the reports, and sets exit-code', () => {
    const dir = copy();
    const r = run({ files: 'extensions/**/plugin.wasm' }, dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::error file=extensions\/llm-gateway\/\.buildrc,/m);
    expect(r.output).toBe('exit-code=1\n');
    expect(existsSync(join(dir, 'reports/wasm-verify.xml'))).toBe(true);
    expect(existsSync(join(dir, 'reports/wasm-verify.sarif'))).toBe(true);
  });

  it('passes the good plugin; host, settings and the threshold reach the command line', () => {
    const dir = copy();
    writeFileSync(join(dir, 'strict.yaml'), 'defaults:\n  failureThreshold: error\n');
    const r = run({ files: 'extensions/add-header/*.wasm', host: 'envoy', settings: 'strict.yaml', 'failure-threshold': 'info', format: 'human', junit: '', sarif: '' }, dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('settings   strict.yaml (defaults)');
    expect(r.stdout).toContain('PASS');
    expect(r.stdout).toContain('envoy');
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });
});
