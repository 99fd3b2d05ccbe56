import { describe, expect, it } from 'vitest';
import { allocator } from '../../src/checks/allocator.js';
import { runChecks } from '../../src/checks/index.js';
import { context, rulesOf, wat } from '../helpers/wasm.js';

const mod = (fns: string): Promise<Uint8Array> =>
  wat(`(module (memory (export "memory") 1) (func (export "proxy_abi_version_0_2_0")) ${fns})`);

describe('allocator (WV1005)', () => {
  it('passes malloc or proxy_on_memory_allocate', async () => {
    expect(rulesOf(allocator, await mod('(func (export "malloc") (param i32) (result i32) i32.const 0)'))).toEqual([]);
    expect(rulesOf(allocator, await mod('(func (export "proxy_on_memory_allocate") (param i32) (result i32) i32.const 0)'))).toEqual([]);
  });

  it('fails without either, quoting the host', async () => {
    const f = runChecks(context(await mod('(func (export "free") (param i32))')), [allocator]);
    expect(f.map((x) => x.ruleId)).toEqual(['WV1005']);
    expect(f[0]!.message).toContain('"Wasm module is missing malloc function."');
  });

  it('a global named malloc is not an allocator', async () => {
    expect(rulesOf(allocator, await mod('(global (export "malloc") i32 (i32.const 0))'))).toEqual(['WV1005']);
  });
});
