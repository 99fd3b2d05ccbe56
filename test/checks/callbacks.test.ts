import { describe, expect, it } from 'vitest';
import { callbacks } from '../../src/checks/callbacks.js';
import { runChecks } from '../../src/checks/index.js';
import { context, rulesOf, wat } from '../helpers/wasm.js';

const mod = (marker: string, fns: string): Promise<Uint8Array> =>
  wat(`(module (memory (export "memory") 1) (func (export "${marker}")) ${fns})`);
const headers3 = '(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) i32.const 0)';
const headers2 = '(func (export "proxy_on_request_headers") (param i32 i32) (result i32) i32.const 0)';

describe('callbacks (WV1006)', () => {
  it('checks proxy_on_request_headers against the ABI the host selects', async () => {
    expect(rulesOf(callbacks, await mod('proxy_abi_version_0_2_0', headers3))).toEqual([]);
    expect(rulesOf(callbacks, await mod('proxy_abi_version_0_1_0', headers2))).toEqual([]);
    expect(rulesOf(callbacks, await mod('proxy_abi_version_0_1_0', headers3))).toEqual(['WV1006']);
    const f = runChecks(context(await mod('proxy_abi_version_0_2_0', headers2)), [callbacks]);
    expect(f.map((x) => x.message)).toEqual([
      '"Bad function signature for: proxy_on_request_headers, want: i32 i32 i32 -> i32, but the module exports: i32 i32 -> i32".',
    ]);
  });

  it('checks malloc, and proxy_on_memory_allocate only when malloc is unusable', async () => {
    expect(rulesOf(callbacks, await mod('proxy_abi_version_0_2_1', '(func (export "malloc") (param i64) (result i32) i32.const 0)'))).toEqual(['WV1006']);
    const both = '(func (export "malloc") (param i32) (result i32) i32.const 0) (func (export "proxy_on_memory_allocate") (param i32))';
    expect(rulesOf(callbacks, await mod('proxy_abi_version_0_2_1', both))).toEqual([]);
    expect(rulesOf(callbacks, await mod('proxy_abi_version_0_2_1', '(func (export "proxy_on_memory_allocate") (param i32))'))).toEqual(['WV1006']);
  });

  it('main is looked up only with _initialize, _start only without it', async () => {
    const badMain = '(func (export "main") (result i32) i32.const 0)';
    expect(rulesOf(callbacks, await mod('proxy_abi_version_0_2_1', badMain))).toEqual([]);
    expect(rulesOf(callbacks, await mod('proxy_abi_version_0_2_1', `${badMain} (func (export "_initialize"))`))).toEqual(['WV1006']);
    const badStart = '(func (export "_start") (param i32))';
    expect(rulesOf(callbacks, await mod('proxy_abi_version_0_2_1', badStart))).toEqual(['WV1006']);
    expect(rulesOf(callbacks, await mod('proxy_abi_version_0_2_1', `${badStart} (func (export "_initialize"))`))).toEqual([]);
  });

  it('the Higress redis callback is checked only where the host looks it up', async () => {
    const m = await mod('proxy_abi_version_0_2_1', '(func (export "proxy_on_redis_call_response") (param i32 i32 i32))');
    expect(rulesOf(callbacks, m, 'higress')).toEqual(['WV1006']);
    expect(rulesOf(callbacks, m, 'envoy')).toEqual([]);
  });
});
