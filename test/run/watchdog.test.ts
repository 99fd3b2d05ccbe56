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
