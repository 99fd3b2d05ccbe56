import { describe, expect, it } from 'vitest';
import { mainVoid } from '../../src/checks/main-void.js';
import { rulesOf, wat } from '../helpers/wasm.js';

const mod = (fns: string): Promise<Uint8Array> =>
  wat(`(module (memory (export "memory") 1) (func (export "proxy_abi_version_0_2_1")) (func (export "_initialize")) ${fns})`);
const mainVoidFn = '(func (export "__main_void") (result i32) i32.const 0)';

describe('main-void (WV1009)', () => {
  it('warns on hosts that do not call __main_void', async () => {
    const m = await mod(mainVoidFn);
    expect(rulesOf(mainVoid, m, 'higress')).toEqual(['WV1009']);
    expect(rulesOf(mainVoid, m, 'envoy-main')).toEqual([]);
  });

  it('is silent when main exists', async () => {
    expect(rulesOf(mainVoid, await mod(`${mainVoidFn} (func (export "main") (param i32 i32) (result i32) i32.const 0)`), 'higress')).toEqual([]);
  });
});
