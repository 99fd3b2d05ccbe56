import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { exitCode, InputError, verify, type RuntimePhase } from '../src/index.js';
import { finding } from '../src/findings.js';
import { plugin, wat } from './helpers/wasm.js';

const input = (bytes: Uint8Array, file = 'p.wasm') => ({ file, bytes });

describe('verify()', async () => {
  const ok = await wat(plugin());
  const higress = await wat(plugin('', 'proxy_abi_version_0_2_100'));
  const noMalloc = await wat('(module (memory (export "memory") 1) (func (export "proxy_abi_version_0_2_1")))');

  it('returns the report shape, schemaVersion 1', async () => {
    const r = await verify([input(ok)], { static: true });
    expect(r.schemaVersion).toBe(1);
    expect(r.tool.name).toBe('wasm-verify');
    expect(r.results).toHaveLength(1);
    expect(r.results[0]).toMatchObject({ file: 'p.wasm', size: ok.length, host: 'envoy@1.38', profile: 'envoy-1.38', abi: '0.2.1', verdict: 'pass', findings: [], scenarios: [] });
    expect(r.results[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The documented JSON order (issue 2, profile: issue 12), then the measured times (issue 8).
    expect(Object.keys(r.results[0]!)).toEqual(['file', 'sha256', 'size', 'host', 'profile', 'abi', 'verdict', 'findings', 'scenarios', 'staticDurationMs', 'durationMs']);
    expect(exitCode(r)).toBe(0);
  });

  it('--host auto picks higress for the 0.2.100 marker; all gives one result per host', async () => {
    expect((await verify([input(higress)], { static: true })).results.map((x) => x.host)).toEqual(['higress@2.2']);
    const all = await verify([input(higress)], { static: true, host: 'all' });
    const byHost = new Map(all.results.map((x) => [x.host, [x.verdict, x.abi]]));
    expect(all.results.length).toBe(31);
    expect(byHost.get('envoy@1.26')).toEqual(['fail', null]);
    expect(byHost.get('istio@1.24')).toEqual(['fail', null]);
    expect(byHost.get('envoy-main')).toEqual(['fail', null]);
    expect(byHost.get('higress@2.0.0')).toEqual(['pass', '0.2.100']);
    expect(byHost.get('higress@2.2')).toEqual(['pass', '0.2.100']);
    expect(exitCode(all)).toBe(1);
    // The minimum-version summary: Higress from its oldest profile, no Envoy or Istio.
    expect(all.versions?.map((m) => [m.family, m.minimum])).toEqual([['envoy', null], ['istio', null], ['higress', '2.0']]);
  });

  it('runs the runtime phase after the static one, only for loadable modules and without --static', async () => {
    const runtime = vi.fn<RuntimePhase>(async (ctx) => ({
      findings: [],
      scenarios: [{ name: 'http-get', outcome: 'hang', findings: [], durationMs: 1 }],
    }));
    const r = await verify([input(ok)], { runtime });
    expect(runtime).toHaveBeenCalledTimes(1);
    const ctx = runtime.mock.calls[0]![0];
    expect(ctx.abi).toBe('0.2.1');
    expect(ctx.host.id).toBe('envoy-1.38');
    expect(ctx.module).toBeInstanceOf(WebAssembly.Module);
    expect(r.results[0]!.verdict).toBe('fail');
    expect(r.results[0]!.scenarios.map((s) => s.outcome)).toEqual(['hang']);

    runtime.mockClear();
    await verify([input(ok)], { runtime, static: true });
    await verify([input(noMalloc)], { runtime });
    expect(runtime).not.toHaveBeenCalled();
  });

  it('merges runtime findings and applies the policy to them', async () => {
    const runtime: RuntimePhase = async () => ({ findings: [finding('WV3004', { value: 0 }, 'configure')], scenarios: [] });
    const r = await verify([input(ok)], { runtime });
    expect(r.results[0]!.findings.map((f) => f.ruleId)).toEqual(['WV3004']);
    const ignored = await verify([input(ok)], { runtime, policy: { ignore: ['WV3004'] } });
    expect(ignored.results[0]!.verdict).toBe('pass');
  });

  it('policy: severity overrides and failOn', async () => {
    const r = await verify([input(noMalloc)], { static: true, policy: { severity: { WV1005: 'warning' } } });
    expect(r.results[0]!.findings.map((f) => [f.ruleId, f.severity])).toEqual([['WV1005', 'warning']]);
    expect(r.results[0]!.verdict).toBe('pass');
    const strict = await verify([input(noMalloc)], { static: true, policy: { severity: { WV1005: 'warning' }, failOn: 'warning' } });
    expect(strict.results[0]!.verdict).toBe('fail');
  });

  it('perFile: a file\'s own options over the call\'s (a settings entry per plugin)', async () => {
    const a = { ...input(noMalloc), file: 'a.wasm' };
    const b = { ...input(noMalloc), file: 'b.wasm' };
    const r = await verify([a, b], { static: true, host: 'envoy', perFile: new Map([['b.wasm', { static: true, host: 'higress' as const, policy: { severity: { WV1005: 'warning' as const } } }]]) });
    expect(r.results.map((x) => [x.file, x.host, x.verdict])).toEqual([['a.wasm', 'envoy@1.38', 'fail'], ['b.wasm', 'higress@2.2', 'pass']]);
    await expect(verify([a], { perFile: new Map([['a.wasm', { host: 'nginx' as never }]]) })).rejects.toThrow(/options\.host must be/);
  });

  it('throws InputError for a missing file, a directory and an empty file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wv-'));
    writeFileSync(join(dir, 'empty.wasm'), '');
    mkdirSync(join(dir, 'sub'));
    await expect(verify([join(dir, 'nope.wasm')])).rejects.toThrow(InputError);
    await expect(verify([join(dir, 'sub')])).rejects.toThrow(/is a directory/);
    await expect(verify([join(dir, 'empty.wasm')])).rejects.toThrow(/is empty/);
  });

  it('finds .buildrc next to the wasm file, or in pluginDir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wv-'));
    const plug = join(dir, 'ai-proxy');
    mkdirSync(plug);
    writeFileSync(join(plug, '.buildrc'), 'EXTRA_TAGS=proxy_wasm_version_0_2_100');
    const v020 = await wat(plugin('', 'proxy_abi_version_0_2_0'));
    writeFileSync(join(plug, 'plugin.wasm'), v020);
    writeFileSync(join(dir, 'elsewhere.wasm'), v020);
    const next = await verify([join(plug, 'plugin.wasm')], { static: true });
    expect(next.results[0]!.findings.map((f) => f.ruleId)).toEqual(['WV1008']);
    expect(next.results[0]!.findings[0]!.hint).toContain('PLUGIN_NAME=ai-proxy EXTRA_TAGS=proxy_wasm_version_0_2_100 make build');
    expect((await verify([join(dir, 'elsewhere.wasm')], { static: true })).results[0]!.findings).toEqual([]);
    const viaDir = await verify([join(dir, 'elsewhere.wasm')], { static: true, pluginDir: plug });
    expect(viaDir.results[0]!.findings.map((f) => f.ruleId)).toEqual(['WV1008']);
  });
});

describe('verify(): many files', async () => {
  const ok = await wat(plugin());
  const higress = await wat(plugin('', 'proxy_abi_version_0_2_100'));
  it('jobs: results in input order whatever the number of files at once; onProgress sees each start and end', async () => {
    const files = [input(ok), { ...input(higress), file: 'h.wasm' }, { ...input(ok), file: 'q.wasm' }];
    const events: string[] = [];
    const one = await verify(files, { static: true, jobs: 1 });
    const three = await verify(files, { static: true, jobs: 3, onProgress: (e) => events.push(`${e.type} ${e.index} ${e.file} ${e.total}`) });
    expect(three.results.map((r) => r.file)).toEqual(['p.wasm', 'h.wasm', 'q.wasm']);
    const untimed = (r: typeof one) => r.results.map(({ durationMs: _d, staticDurationMs: _s, ...rest }) => rest);
    expect(untimed(three)).toEqual(untimed(one));
    expect(events.filter((e) => e.startsWith('start')).sort()).toEqual(['start 0 p.wasm 3', 'start 1 h.wasm 3', 'start 2 q.wasm 3']);
    expect(events.filter((e) => e.startsWith('done'))).toHaveLength(3);
  });

  it('each module is compiled once, however many hosts it is verified on and files run beside it', async () => {
    const compile = vi.spyOn(WebAssembly, 'compile');
    const Module = vi.spyOn(WebAssembly, 'Module');
    const seen = new Map<string, Set<WebAssembly.Module>>();
    const runtime: RuntimePhase = async (ctx) => {
      seen.set(ctx.file, (seen.get(ctx.file) ?? new Set()).add(ctx.module));
      return { findings: [], scenarios: [] };
    };
    try {
      await verify([input(ok), { ...input(higress), file: 'h.wasm' }], { host: 'all', runtime, jobs: 2 });
      expect(compile).toHaveBeenCalledTimes(2);
      expect(Module).not.toHaveBeenCalled();
      expect([...seen.values()].map((s) => s.size)).toEqual([1, 1]);
    } finally {
      compile.mockRestore();
      Module.mockRestore();
    }
  });

  it('jobs must be a positive whole number', async () => {
    await expect(verify([input(ok)], { jobs: 0 })).rejects.toThrow(/options\.jobs must be a positive integer/);
  });
});
