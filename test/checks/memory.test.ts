import { describe, expect, it } from 'vitest';
import { memory } from '../../src/checks/memory.js';
import { runChecks } from '../../src/checks/index.js';
import { context, plugin, rulesOf, wat } from '../helpers/wasm.js';

describe('memory (WV1004)', () => {
  it('passes an exported memory under any name, or an imported one', async () => {
    expect(rulesOf(memory, await wat(plugin()))).toEqual([]);
    expect(rulesOf(memory, await wat('(module (memory (export "mem0") 1) (func (export "proxy_abi_version_0_2_1")))'))).toEqual([]);
    expect(rulesOf(memory, await wat('(module (import "env" "memory" (memory 1)) (func (export "proxy_abi_version_0_2_1")))'))).toEqual([]);
  });

  it('warns of a module with an unexported memory or none: the gateway loads it, its first hostcall that needs memory fails', async () => {
    expect(rulesOf(memory, await wat('(module (memory 1) (func (export "proxy_abi_version_0_2_1")))'))).toEqual(['WV1004']);
    expect(rulesOf(memory, await wat('(module (func (export "proxy_abi_version_0_2_1")))'))).toEqual(['WV1004']);
    const [f] = runChecks(context(await wat('(module (func (export "proxy_abi_version_0_2_1")))')), [memory]);
    expect([f?.severity, f?.phase]).toEqual(['warning', 'static']);
  });
});
