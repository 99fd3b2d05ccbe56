/**
 * The soak (`--soak N`) and the memory-growth finding (WV4005): the analysis on its own
 * (sustained growth vs a one-time step), then plugins driven in-process — WAT plugins that grow
 * memory per request, once, or never, the leaking Go sample and a steady Go sample — and one
 * that starts failing after a while (WV3023).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeGrowth } from '../../src/run/soak.js';
import { builtinScenarios } from '../../src/scenarios/index.js';
import { runInProcess } from './harness.js';
import { IMPORTS, wasm } from './wat.js';
import { SAMPLES_DIR } from '../matrix/expected.js';

const MiB = 1024 * 1024;
const CAP = 1024 * MiB;
const get = builtinScenarios().filter((s) => s.name === 'http-get');

describe('analyzeGrowth', () => {
  const flat = Array.from({ length: 100 }, () => 8 * MiB);
  const step = Array.from({ length: 100 }, (_, i) => (i < 40 ? 8 * MiB : 16 * MiB));
  const linear = Array.from({ length: 100 }, (_, i) => 8 * MiB + i * 65536);
  const stairs = Array.from({ length: 100 }, (_, i) => 8 * MiB + Math.floor(i / 12) * 8 * MiB);

  test.each([
    ['flat', flat, false, 0],
    ['one arena step after warm-up', step, false, 1],
    ['a page per request', linear, true, 4],
    ['an 8 MiB step every 12 requests', stairs, true, 4],
  ])('%s', (_, samples, sustained, windows) => {
    const g = analyzeGrowth(samples, 10, CAP);
    expect(g.sustained).toBe(sustained);
    expect(g.windowsGrown).toBe(windows);
  });

  test('slope and projection: 64 KiB per request from 8 MiB reach 1 GiB after about 16,200 more', () => {
    const g = analyzeGrowth(linear, 10, CAP);
    expect(g.slope).toBeCloseTo(65536, 0);
    expect(g.before).toBe(8 * MiB + 9 * 65536);
    expect(g.projectedRequests).toBe(Math.floor((CAP - (8 * MiB + 99 * 65536)) / 65536));
    expect(analyzeGrowth(flat, 10, CAP).projectedRequests).toBeNull();
  });
});

/** proxy_on_request_headers: grow memory by one page on every request, or only on request `once`. */
async function grower(once?: number): Promise<Uint8Array> {
  const grow = once === undefined ? '(drop (memory.grow (i32.const 1)))' : `(if (i32.eq (global.get $n) (i32.const ${once})) (then (drop (memory.grow (i32.const 16)))))`;
  return wasm({
    data: '(global $n (mut i32) (i32.const 0))',
    body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      ${grow}
      (i32.const 0))`,
  });
}

describe('--soak on WAT plugins', () => {
  test('a page per request: WV4005 with the slope, the windows and the requests left to the cap', async () => {
    const run = runInProcess(await grower(), 'envoy', get, { soakRequests: 60 });
    const r = run.scenarios[0]!;
    expect(r.soak).toMatchObject({ requests: 60, warmup: 6, bytesPerRequest: 65536, windowsGrown: 4 });
    const f = r.findings.find((x) => x.ruleId === 'WV4005');
    expect(f?.args).toMatchObject({ bytesPerRequest: 65536, windowsGrown: 4, windows: 4, cap: CAP });
    expect(f?.args['projectedRequests']).toBe(Math.floor((CAP - r.soak!.memoryAfter) / 65536));
    expect(f?.message).toMatch(/about 65536 bytes per request, growing in 4 of 4 windows\): at that rate the VM reaches its 1 GiB cap after about \d+ more requests/);
    expect(r.soak!.requestsPerSecond).toBeGreaterThan(0);
  });

  test('one step of 1 MiB during the soak is no leak', async () => {
    const run = runInProcess(await grower(30), 'envoy', get, { soakRequests: 60 });
    const r = run.scenarios[0]!;
    expect(r.soak?.windowsGrown).toBe(1);
    expect(r.findings.map((f) => f.ruleId)).toEqual([]);
  });

  test('without --soak the short repeat still finds a plugin that grows on every request', async () => {
    const run = runInProcess(await grower(), 'envoy', get, { growthRequests: 10 });
    expect(run.scenarios[0]?.soak).toBeUndefined();
    expect(run.findings.map((f) => f.ruleId)).toContain('WV4005');
    expect(runInProcess(await grower(8), 'envoy', get, { growthRequests: 10 }).findings.map((f) => f.ruleId)).not.toContain('WV4005');
  });

  test('a plugin that starts refusing requests after a while: WV3023 names the request', async () => {
    const bytes = await wasm({
      imports: IMPORTS.localReply,
      data: '(global $n (mut i32) (i32.const 0))',
      body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
        (global.set $n (i32.add (global.get $n) (i32.const 1)))
        (if (i32.gt_u (global.get $n) (i32.const 25)) (then
          (drop (call $reply (i32.const 503) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const -1)))
          (return (i32.const 1))))
        (i32.const 0))`,
    });
    const r = runInProcess(bytes, 'envoy', get, { soakRequests: 100 }).scenarios[0]!;
    expect(r.soak?.requests).toBe(25);
    const f = r.findings.find((x) => x.ruleId === 'WV3023');
    expect(f?.args).toMatchObject({ request: 26, requests: 101 });
    expect(f?.message).toContain('ended local-response where the first ended forwarded');
  });
});

describe('--soak on the Go samples', () => {
  const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(join(SAMPLES_DIR, `${name}.wasm`)));

  test('go-leaky-audit leaks about 16 KiB per request: flagged at --soak 2000', () => {
    const run = runInProcess(sample('go-leaky-audit'), 'higress', get, { soakRequests: 2000 });
    const r = run.scenarios[0]!;
    expect(r.outcome).toBe('forwarded');
    const f = r.findings.find((x) => x.ruleId === 'WV4005');
    expect(f).toBeDefined();
    expect(r.soak!.bytesPerRequest).toBeGreaterThan(12_000);
    expect(r.soak!.bytesPerRequest).toBeLessThan(40_000);
    expect(r.soak!.projectedRequestsToCap).toBeGreaterThan(10_000);
  });

  test('go-header-rewrite is steady: no finding over 1000 requests of every scenario', () => {
    const config = JSON.stringify({ add: { 'x-a': '1' }, response: { add: { 'x-rewritten': '1' } } });
    const run = runInProcess(sample('go-header-rewrite'), 'higress', builtinScenarios(), { soakRequests: 1000, pluginConfiguration: config });
    for (const r of run.scenarios) {
      expect(r.outcome).toBe('forwarded');
      expect(r.soak?.requests).toBe(1000);
      expect(r.findings.map((f) => f.ruleId)).toEqual([]);
    }
  });
});
