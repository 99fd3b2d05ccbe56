import { describe, expect, it } from 'vitest';
import { memory } from '../../src/checks/memory.js';
import { plugin, rulesOf, wat } from '../helpers/wasm.js';

describe('memory (WV1004)', () => {
  it('passes an exported memory under any name, or an imported one', async () => {
    expect(rulesOf(memory, await wat(plugin()))).toEqual([]);
    expect(rulesOf(memory, await wat('(module (memory (export "mem0") 1) (func (export "proxy_abi_version_0_2_1")))'))).toEqual([]);
    expect(rulesOf(memory, await wat('(module (import "env" "memory" (memory 1)) (func (export "proxy_abi_version_0_2_1")))'))).toEqual([]);
  });

  it('fails a module with an unexported memory or none', async () => {
    expect(rulesOf(memory, await wat('(module (memory 1) (func (export "proxy_abi_version_0_2_1")))'))).toEqual(['WV1004']);
    expect(rulesOf(memory, await wat('(module (func (export "proxy_abi_version_0_2_1")))'))).toEqual(['WV1004']);
  });
});
