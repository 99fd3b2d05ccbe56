/**
 * The CPU-hang watchdog against plugins that try to outrun it: only top-level driver steps and
 * callbacks start a new deadline (re-entrant allocator calls made inside a hostcall do not), and
 * a deadline that hits a VM at the memory cap reports the memory, not only the hang.
 */
import { describe, expect, test } from 'vitest';
import { supervise } from '../../src/run/supervisor.js';
import { builtinScenarios } from '../../src/scenarios/index.js';
import { job, pluginOf } from './harness.js';
import { PLUGINS } from './plugins.js';
import { wasm } from './wat.js';

const GIB = 1024 * 1024 * 1024;
const httpGet = builtinScenarios().slice(0, 1);

describe('re-entrant calls are not progress', () => {
  test('a loop on a hostcall that returns data (the host calls malloc each time) is a CPU hang at the deadline', async () => {
    const started = performance.now();
    const run = await supervise(job('envoy', httpGet), pluginOf(await wasm(PLUGINS.loopOnHostcall)), { timeoutMs: 300, maxMemoryBytes: GIB });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(run.scenarios[0]?.outcome).toBe('cpu-hang');
    expect(run.scenarios[0]?.findings.map((f) => [f.ruleId, f.args['callback']])).toEqual([['WV3008', 'proxy_on_request_headers']]);
  }, 20_000);
});

describe('a deadline at the memory cap', () => {
  test('a callback still running with memory at the cap is a memory problem (WV3009) as well as a CPU hang', async () => {
    const run = await supervise(job('envoy', httpGet), pluginOf(await wasm(PLUGINS.growThenSpin)), { timeoutMs: 1_000, maxMemoryBytes: GIB });
    expect(run.scenarios[0]?.outcome).toBe('cpu-hang');
    const found = run.scenarios[0]?.findings.map((f) => [f.ruleId, f.args['callback'], f.args['bytes'] ?? '']);
    // 1 page + 15 steps of 64 MiB; the 16th step would pass the 1 GiB cap and fails.
    expect(found).toEqual([
      ['WV3009', 'proxy_on_request_headers', 65536 + 15 * 64 * 1024 * 1024],
      ['WV3008', 'proxy_on_request_headers', ''],
    ]);
  }, 20_000);

  test('a start function growing memory page by page to the cap is not cut as a CPU hang: it ends there, as on the gateway', async () => {
    const started = performance.now();
    const run = await supervise(job('envoy', httpGet), pluginOf(await wasm(PLUGINS.initGrowPages)), { timeoutMs: 1_000, maxMemoryBytes: GIB });
    // Seconds, not the ~30 s the worker's old 512 MB heap cost (a full GC on every memory.grow).
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(run.bootOk).toBe(true);
    expect(run.bootFindings.map((f) => [f.ruleId, f.phase, f.args['callback'], f.args['bytes']])).toEqual([['WV3009', 'start', '_initialize', GIB]]);
    expect(run.scenarios[0]?.outcome).toBe('forwarded');
  }, 40_000);

  test('a start function that fills memory and then traps reports the memory beside the start failure', async () => {
    const run = await supervise(job('envoy', httpGet), pluginOf(await wasm(PLUGINS.initGrowTrap)), { timeoutMs: 20_000, maxMemoryBytes: GIB });
    expect(run.bootOk).toBe(false);
    expect(run.bootFindings.map((f) => [f.ruleId, f.phase, f.args['callback'] ?? f.args['fn']])).toEqual([
      ['WV3002', 'start', '_initialize'],
      ['WV3009', 'start', '_initialize'],
    ]);
  }, 30_000);
});
