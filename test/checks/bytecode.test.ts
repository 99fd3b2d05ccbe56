import { describe, expect, it } from 'vitest';
import { bytecode } from '../../src/checks/bytecode.js';
import { runChecks } from '../../src/checks/index.js';
import { context, plugin, rulesOf, wat } from '../helpers/wasm.js';

/** Appends a custom section `name` with the given payload (after the name). */
function withNameSection(bytes: Uint8Array, payload: number[]): Uint8Array {
  const name = [4, ...Buffer.from('name')];
  const body = [...name, ...payload];
  return new Uint8Array([...bytes, 0, body.length, ...body]);
}

describe('bytecode (WV0002 after the marker)', async () => {
  const good = await wat(plugin());

  it('passes a module V8 compiles and whose name section the host can parse', () => {
    expect(rulesOf(bytecode, good)).toEqual([]);
  });

  it('reports a name section the host cannot parse (V8 would ignore it)', async () => {
    // function-name subsection declaring 9 bytes but holding one 3-byte entry
    const plain = await wat(plugin(), { names: false });
    const bad = withNameSection(plain, [1, 9, 1, 0, 1, 0x61, 0, 0, 0, 0, 0]);
    const f = runChecks(context(bad), [bytecode]);
    expect(f.map((x) => x.ruleId)).toEqual(['WV0002']);
    expect(f[0]!.message).toContain('"Failed to parse corrupted Wasm module"');
    expect(new WebAssembly.Module(bad)).toBeDefined();
  });

  it('reports a module V8 rejects with "Failed to load Wasm bytecode"', async () => {
    // well-formed sections, invalid code: i32.add on an empty stack
    const bad = await wat(plugin('(func (export "f") (result i32) i32.const 1)'));
    const patched = new Uint8Array(bad);
    const i = patched.findIndex((b, k) => b === 0x41 && patched[k + 1] === 0x01 && patched[k + 2] === 0x0b);
    patched[i] = 0x6a; // i32.const -> i32.add
    patched[i + 1] = 0x01; // nop
    const f = runChecks(context(patched), [bytecode]);
    expect(f.map((x) => x.ruleId)).toEqual(['WV0002']);
    expect(f[0]!.message).toContain('"Failed to load Wasm bytecode"');
  });
});
