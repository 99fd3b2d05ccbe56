/**
 * The supervisor with the real worker (dist/run/worker.js, built by `tsc -b` before the tests):
 * CPU hangs are cut at the deadline, memory is capped like the gateway's, and wasm-verify itself
 * survives whatever the plugin does.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createWorkerPool, workerUrl } from '../../src/run/pool.js';
import { InternalError, supervise } from '../../src/run/supervisor.js';
import { builtinScenarios } from '../../src/scenarios/index.js';
import { job, pluginOf } from './harness.js';
import { PLUGINS } from './plugins.js';
import { wasm } from './wat.js';

const GIB = 1024 * 1024 * 1024;

describe('worker entry', () => {
  test('from the TypeScript sources the supervisor finds the compiled worker in dist/', () => {
    const url = workerUrl();
    expect(fileURLToPath(url).endsWith('/dist/run/worker.js')).toBe(true);
    expect(existsSync(url)).toBe(true);
  });
});

describe('CPU hang', () => {
  test('an infinite loop in the body callback is cut at the deadline; later scenarios run on a fresh VM', async () => {
    const module = pluginOf(await wasm(PLUGINS.busyBody));
    const started = performance.now();
    const run = await supervise(job('envoy', builtinScenarios(), { keepTrace: true }), module, { timeoutMs: 300, maxMemoryBytes: GIB });
    const elapsed = performance.now() - started;
    expect(run.bootOk).toBe(true);
    expect(run.scenarios.map((s) => s?.outcome)).toEqual(['forwarded', 'cpu-hang', 'cpu-hang', 'cpu-hang', 'forwarded']);
    // Three hangs of 300 ms each, plus worker start-up: well under what a stuck run would take.
    expect(elapsed).toBeLessThan(8_000);
    const f = run.scenarios[1]?.findings[0];
    expect(f?.ruleId).toBe('WV3008');
    expect(f?.message).toBe(
      'proxy_on_request_body did not return within 300 ms (scenario http-post-json, request body chunk 1/2); a gateway has no watchdog for V8, so the worker thread running it would be blocked for good, with every request it serves.',
    );
    expect(f?.trace?.some((e) => e.dir === 'host->vm' && e.text.startsWith('proxy_on_request_body'))).toBe(true);
    expect(run.scenarios[1]?.trace?.length).toBeGreaterThan(0);
  });

  test('a callback that hung once gets a short deadline on the fresh VMs of later scenarios, and the finding says so', async () => {
    const module = pluginOf(await wasm(PLUGINS.busyBody));
    const started = performance.now();
    const run = await supervise(job('envoy', builtinScenarios()), module, { timeoutMs: 3_000, maxMemoryBytes: GIB });
    const elapsed = performance.now() - started;
    expect(run.scenarios.map((s) => s?.outcome)).toEqual(['forwarded', 'cpu-hang', 'cpu-hang', 'cpu-hang', 'forwarded']);
    // 3 s once, then 500 ms twice (4 s): not 9 s; the margin is for a loaded CI machine.
    expect(elapsed).toBeLessThan(8_500);
    expect(run.scenarios[2]?.findings[0]?.message).toBe(
      'proxy_on_request_body did not return within 500 ms (scenario openai-chat, request body chunk 1/1; a shortened deadline, since it already ran past 3000 ms in scenario http-post-json); a gateway has no watchdog for V8, so the worker thread running it would be blocked for good, with every request it serves.',
    );
    expect(run.scenarios[3]?.findings[0]?.args['hungIn']).toBe('http-post-json');
  }, 20_000);

  test('the supervising process keeps working after terminating a stuck worker', async () => {
    const busy = pluginOf(await wasm(PLUGINS.busyBody));
    await supervise(job('envoy', builtinScenarios().slice(1, 2)), busy, { timeoutMs: 200, maxMemoryBytes: GIB });
    const ok = pluginOf(await wasm(PLUGINS.forward));
    const run = await supervise(job('envoy', builtinScenarios()), ok, { timeoutMs: 2_000, maxMemoryBytes: GIB });
    expect(run.scenarios.map((s) => s?.outcome)).toEqual(['forwarded', 'forwarded', 'forwarded', 'forwarded', 'forwarded']);
  });
});

describe('CPU hang before traffic', () => {
  test('an infinite loop in proxy_on_configure is reported for the configure step; no scenario runs', async () => {
    const busy = await wasm({
      noRoot: true,
      body: `(func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
        (func (export "proxy_on_configure") (param i32 i32) (result i32) (loop $l (br $l)) (i32.const 1))`,
    });
    const run = await supervise(job('envoy', builtinScenarios()), pluginOf(busy), { timeoutMs: 300, maxMemoryBytes: GIB });
    expect(run.scenarios.every((s) => s === undefined)).toBe(true);
    expect(run.bootFindings.map((f) => [f.ruleId, f.phase, f.args['callback']])).toEqual([['WV3008', 'configure', 'proxy_on_configure']]);
    expect(run.bootFindings[0]?.message).toMatch(/^proxy_on_configure did not return within 300 ms \(scenario start-up, start and configure\)/);
  });
});

describe('a worker that dies', () => {
  test('for another reason than its heap limit is our bug: an InternalError (exit 3), not a plugin finding', async () => {
    const dying = new URL(`data:text/javascript,${encodeURIComponent('process.exit(7)')}`);
    const pool = createWorkerPool(dying);
    const run = supervise(job('envoy', builtinScenarios()), pluginOf(await wasm(PLUGINS.forward)), { timeoutMs: 1_000, maxMemoryBytes: GIB, pool });
    await expect(run).rejects.toThrow(new InternalError('the plugin worker died: the worker exited with code 7', ''));
    await pool.close();
  });
});

describe('the module walk', () => {
  test('crosses to the worker: the host there reads the static phase\'s walk, it does not parse the bytes again', async () => {
    const plugin = pluginOf(await wasm(PLUGINS.forward));
    const opts = { timeoutMs: 2_000, maxMemoryBytes: GIB };
    expect((await supervise(job('envoy', builtinScenarios().slice(0, 1)), plugin, opts)).bootOk).toBe(true);
    // A walk without the ABI marker's export: the worker's host can only fail if it reads this walk.
    const exports = plugin.walked.exports.filter((e) => !e.name.startsWith('proxy_abi_version_'));
    const run = await supervise(job('envoy', builtinScenarios().slice(0, 1)), { ...plugin, walked: { ...plugin.walked, exports } }, opts);
    expect(run.bootOk).toBe(false);
  });
});

describe('traps in the worker', () => {
  test('the finding carries the backtrace with function names from the name section', async () => {
    const run = await supervise(job('envoy', builtinScenarios().slice(0, 2)), pluginOf(await wasm(PLUGINS.trap)), { timeoutMs: 2_000, maxMemoryBytes: GIB });
    expect(run.scenarios.map((s) => s?.outcome)).toEqual(['trap', 'trap']);
    const f = run.scenarios[0]?.findings.find((x) => x.ruleId === 'WV3005');
    expect(f?.message).toContain('(in-VM backtrace: fail <- on_request_headers)');
  });
});

describe('memory', () => {
  test('memory.grow fails at the profile cap as in the gateway; WV3009 and the request still forwarded', async () => {
    const module = pluginOf(await wasm(PLUGINS.memoryBomb));
    const run = await supervise(job('higress', builtinScenarios().slice(0, 1)), module, { timeoutMs: 5_000, maxMemoryBytes: GIB });
    expect(run.scenarios[0]?.outcome).toBe('forwarded');
    const f = run.scenarios[0]?.findings.find((x) => x.ruleId === 'WV3009');
    // 1 page + 15 steps of 64 MiB; the 16th step would pass the 1 GiB cap and fails.
    expect(f?.args['bytes']).toBe(65536 + 15 * 64 * 1024 * 1024);
    expect(f?.args['limit']).toBe(GIB);
    expect(f?.args['callback']).toBe('proxy_on_request_headers');
  });
});
