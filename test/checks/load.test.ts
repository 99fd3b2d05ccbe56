import { describe, expect, it } from 'vitest';
import { load } from '../../src/checks/load.js';
import { runChecks } from '../../src/checks/index.js';
import { context, plugin, rulesOf, wat } from '../helpers/wasm.js';

describe('load (WV0001-WV0004)', async () => {
  const good = await wat(plugin());

  it('passes a core module', () => {
    expect(rulesOf(load, good)).toEqual([]);
  });

  it.each([
    ['random bytes', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), 'WV0001'],
    ['a gzip file', new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), 'WV0001'],
    ['three bytes', new Uint8Array([0, 0x61, 0x73]), 'WV0001'],
    ['a truncated header', new Uint8Array([0, 0x61, 0x73, 0x6d, 1]), 'WV0002'],
    ['a component', new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0]), 'WV0003'],
    ['an unknown version', new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]), 'WV0002'],
  ])('reports %s', (_, bytes, id) => {
    expect(rulesOf(load, bytes)).toEqual([id]);
  });

  it('reports a truncated module as corrupt with the host text', () => {
    const f = runChecks(context(good.subarray(0, good.length - 5)), [load]);
    expect(f.map((x) => x.ruleId)).toEqual(['WV0002']);
    expect(f[0]!.message).toContain('"Failed to parse corrupted Wasm module"');
  });

  it('says what a gzip file looks like', () => {
    const f = runChecks(context(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0])), [load]);
    expect(f[0]!.message).toContain('gzip');
  });

  it('reports memory64 and multi-memory as unsupported features', async () => {
    expect(rulesOf(load, await wat('(module (memory i64 1))'))).toEqual(['WV0004']);
    expect(rulesOf(load, await wat('(module (memory 1) (memory 1))'))).toEqual(['WV0004']);
  });
});
