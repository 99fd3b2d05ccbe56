/**
 * The matrix: every built sample plugin that has a prediction in sample-plugins/expected, on
 * every host profile it names, through the library API (verdict, sorted error rule ids, outcome
 * per scenario); then a few through the CLI with their exit codes.
 * `WASM_VERIFY_SAMPLES_DIR=/tmp/samples npx vitest run test/matrix.test.ts` checks a rebuild.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { verify } from '../src/index.js';
import type { PluginResult } from '../src/report.js';
import { configBytes, missing, SAMPLES_DIR, samples } from './matrix/expected.js';

/** Short, so plugins that hang a callback on purpose (c-busy-loop) keep the matrix fast, yet with a wide
 * margin over a Go VM boot (~40 ms) when the tests run concurrently on a loaded 2-core machine. */
const TIMEOUT_MS = 2_000;
const ALL = samples();

function observed(r: PluginResult): { verdict: string; rules: string[]; scenarios: Record<string, string> } {
  const all = [...r.findings, ...r.scenarios.flatMap((s) => s.findings)];
  return {
    verdict: r.verdict,
    rules: [...new Set(all.filter((f) => f.severity === 'error').map((f) => f.ruleId))].sort(),
    scenarios: Object.fromEntries(r.scenarios.map((s) => [s.name, s.outcome])),
  };
}

describe(`sample plugins in ${SAMPLES_DIR}`, () => {
  test('the matrix has samples to check', () => {
    expect(ALL.length).toBeGreaterThan(0);
  });

  test('every predicted sample was built', () => {
    expect(missing()).toEqual([]);
  });

  const cases = ALL.flatMap((s) => Object.entries(s.hosts).map(([host, e]) => ({ s, host, e })));
  test.concurrent.each(cases.map((c) => [`${c.s.name} on ${c.host}`, c] as const))('%s', async (_, { s, host, e }) => {
    const config = configBytes(s.config);
    const report = await verify([s.wasm], {
      host,
      timeoutMs: TIMEOUT_MS,
      ...(config === undefined ? {} : { config }),
      ...(s.rootId === null ? {} : { rootId: s.rootId }),
      ...(s.pluginDir === undefined ? {} : { pluginDir: s.pluginDir }),
    });
    const r = report.results[0];
    expect(r).toBeDefined();
    expect(observed(r!)).toEqual({ verdict: e.verdict, rules: [...e.rules].sort(), scenarios: e.scenarios ?? {} });
  });
});

const run = promisify(execFile);
const CLI = resolve(import.meta.dirname, '../dist/cli.js');

async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [CLI, ...args], { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code?: number; stdout?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? '' };
  }
}

describe('through the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wv-matrix-'));
  const byName = new Map(ALL.map((s) => [s.name, s]));
  function args(name: string, host: string, extra: string[] = []): string[] {
    const s = byName.get(name)!;
    const out = [s.wasm, '--host', host, '--timeout', String(TIMEOUT_MS), ...extra];
    if (s.config !== null) {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(s.config));
      out.push('--config', file);
    }
    if (s.rootId !== null) out.push('--root-id', s.rootId);
    if (s.pluginDir !== undefined) out.push('--plugin-dir', s.pluginDir);
    return out;
  }
  const pick = (...names: string[]): string[] => names.filter((n) => byName.has(n));

  test.concurrent.each(pick('go-llm-gateway-no-tag', 'wat-pause-for-body-0-2-0', 'c-busy-loop'))('%s fails with exit 1 and says why', async (name) => {
    const host = name === 'c-busy-loop' ? 'envoy' : 'higress';
    const { code, stdout } = await cli(args(name, host));
    expect(code).toBe(1);
    expect(stdout).toMatch(name === 'c-busy-loop' ? /cpu-hang/ : /hangs: proxy_on_request_headers returned StopIteration \(1\)/);
  });

  test.concurrent.each(pick('go-llm-gateway', 'wat-local-response'))('%s passes with exit 0', async (name) => {
    const { code, stdout } = await cli(args(name, 'higress'));
    expect(code).toBe(0);
    expect(stdout).toContain('PASS');
  });

  test.concurrent.each(pick('go-header-rewrite-abi020'))('%s (Go 1.24) on Envoy 1.31 quotes the gateway log line and names the first releases that load it', async (name) => {
    const { code, stdout } = await cli(args(name, 'envoy@1.31', ['--static']));
    expect(code).toBe(1);
    expect(stdout).toContain('"Failed to load Wasm module due to a missing import: wasi_snapshot_preview1.sched_yield"');
    expect(stdout).toContain('First provided by Envoy 1.32.13, Istio 1.25, Higress 2.0.7');
    const later = await cli(args(name, 'envoy@1.33'));
    expect(later.code).toBe(0);
  });

  test.concurrent.each(pick('go-header-rewrite-abi020'))('%s: --host versions prints one row per gateway; the JSON carries it', async (name) => {
    const { stdout } = await cli(args(name, 'versions', ['--static']));
    expect(stdout).toMatch(/Envoy\s+1\.32\.13\s+1\.26 – 1\.38\s+Envoy < 1\.32\.13: missing import wasi_snapshot_preview1\.sched_yield/);
    const json = await cli(args(name, 'versions', ['--static', '--format', 'json']));
    const report = JSON.parse(json.stdout) as { versions: { family: string; minimum: string }[] };
    expect(report.versions.map((v) => [v.family, v.minimum])).toEqual([['envoy', '1.32.13'], ['istio', '1.25'], ['higress', '2.0.7']]);
  });

  test.concurrent.each(pick('go-llm-gateway-no-tag'))('%s: the JSON report carries scenarios[]', async (name) => {
    const { code, stdout } = await cli(args(name, 'higress', ['--format', 'json']));
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { results: PluginResult[] };
    const chat = report.results[0]?.scenarios.find((s) => s.name === 'openai-chat');
    expect(Object.keys(chat ?? {}).sort()).toEqual(['client', 'durationMs', 'findings', 'name', 'outcome']);
    expect(chat?.outcome).toBe('hang');
    expect(chat?.findings.map((f) => f.ruleId)).toContain('WV3006');
  });
});
