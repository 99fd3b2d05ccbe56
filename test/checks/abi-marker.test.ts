import { describe, expect, it } from 'vitest';
import { abiMarker } from '../../src/checks/abi-marker.js';
import { runChecks } from '../../src/checks/index.js';
import { context, rulesOf, wat } from '../helpers/wasm.js';

const mod = (exports: string): Promise<Uint8Array> =>
  wat(`(module (memory (export "memory") 1) (global $g i32 (i32.const 0)) ${exports})`);

describe('abi-marker (WV1001-WV1003)', () => {
  it('passes one known marker', async () => {
    expect(rulesOf(abiMarker, await mod('(func (export "proxy_abi_version_0_2_1"))'))).toEqual([]);
  });

  it('WV1001 without a marker; a global named like a marker does not count', async () => {
    expect(rulesOf(abiMarker, await mod(''))).toEqual(['WV1001']);
    expect(rulesOf(abiMarker, await mod('(export "proxy_abi_version_0_2_0" (global $g))'))).toEqual(['WV1001']);
  });

  it('WV1002 for 0_2_100 on envoy, not on higress', async () => {
    const m = await mod('(func (export "proxy_abi_version_0_2_100"))');
    expect(rulesOf(abiMarker, m, 'envoy')).toEqual(['WV1002']);
    expect(rulesOf(abiMarker, m, 'higress')).toEqual([]);
    expect(rulesOf(abiMarker, m, 'higress-2.0')).toEqual([]);
  });

  it('WV1002 hint: a tag to drop only where the toolchain has one (TinyGo-era Higress SDK)', async () => {
    const m = await mod('(func (export "proxy_abi_version_0_2_100"))');
    const hint = runChecks(context(m, 'envoy'), [abiMarker])[0]!.hint;
    expect(hint).toBe(
      'This module targets Higress (proxy_abi_version_0_2_100 is a Higress extension): verify it with --host higress, or for this host export one of proxy_abi_version_0_1_0, proxy_abi_version_0_2_0, proxy_abi_version_0_2_1.',
    );
    expect(hint).not.toContain('tag');
    const other = runChecks(context(await mod('(func (export "proxy_abi_version_0_3_0"))'), 'envoy'), [abiMarker])[0]!.hint;
    expect(other).toBe('Build with a proxy-wasm SDK release that exports one of proxy_abi_version_0_1_0, proxy_abi_version_0_2_0, proxy_abi_version_0_2_1.');
  });

  it('WV1002 for a marker no host knows', async () => {
    expect(rulesOf(abiMarker, await mod('(func (export "proxy_abi_version_0_3_0"))'), 'higress')).toEqual(['WV1002']);
  });

  it('WV1003: the first known marker in export order wins, per host', async () => {
    const m = await mod('(func (export "proxy_abi_version_0_2_100")) (func (export "proxy_abi_version_0_2_0"))');
    const onEnvoy = runChecks(context(m, 'envoy'), [abiMarker]);
    expect(onEnvoy.map((f) => f.ruleId)).toEqual(['WV1003']);
    expect(onEnvoy[0]!.args['chosen']).toBe('proxy_abi_version_0_2_0');
    expect(context(m, 'envoy').abi).toBe('0.2.0');
    const onHigress = runChecks(context(m, 'higress'), [abiMarker]);
    expect(onHigress[0]!.args['chosen']).toBe('proxy_abi_version_0_2_100');
    expect(onHigress[0]!.severity).toBe('warning');
  });
});
