import { describe, expect, it } from 'vitest';
import { parseBuildRc, type BuildRc } from '../../src/buildrc.js';
import { buildrc } from '../../src/checks/buildrc.js';
import { higressAbi } from '../../src/checks/higress-abi.js';
import { runChecks } from '../../src/checks/index.js';
import { goModule, HIGRESS_MODINFO } from '../helpers/go-build-info.js';
import { context, plugin, rulesOf, wat } from '../helpers/wasm.js';

const rc = (text: string): BuildRc => ({ file: 'extensions/key-auth/.buildrc', pluginName: 'key-auth', ...parseBuildRc(text) });

describe('higress-abi (WV1010)', async () => {
  const higress020 = await goModule(HIGRESS_MODINFO);
  const higress0100 = await goModule(HIGRESS_MODINFO, 'proxy_abi_version_0_2_100');
  const plain020 = await wat(plugin('', 'proxy_abi_version_0_2_0'));

  it('a Higress SDK build exporting 0.2.0 on higress: the StopIteration conversion, and the rebuild command by the Makefile convention', () => {
    const f = runChecks({ ...context(higress020, 'higress'), file: 'out/key-auth.wasm' }, [higressAbi]);
    expect(f.map((x) => x.ruleId)).toEqual(['WV1010']);
    expect(f[0]!.severity).toBe('warning');
    expect(f[0]!.message).toContain('it is built with github.com/higress-group/proxy-wasm-go-sdk v0.0.0-20241218212251-fc1912e5a0b2');
    expect(f[0]!.message).toContain('StopIteration (1) returned from a header callback becomes StopAllIterationAndWatermark');
    // A gc Go build (go:buildid): on the SDK's Go 1.24 line the version decides, not the tag.
    expect(f[0]!.message).toContain('The Higress Go SDK for Go 1.24 reads no build tag: it exported proxy_abi_version_0_2_0 until commit 1cbc883 (2025-03-23)');
    expect(f[0]!.hint).toBe(
      'Update github.com/higress-group/proxy-wasm-go-sdk (or wasm-go) to a version from 2025-03-23 on and rebuild (PLUGIN_NAME=key-auth EXTRA_TAGS=proxy_wasm_version_0_2_100 make build in the Higress plugins tree); the tag alone changes nothing on Go 1.24.',
    );
  });

  it('a .buildrc without the tag makes it a Higress plugin too; its name and other tags go into the command', () => {
    // Not a Go build: the TinyGo-era SDK, where the tag decides the marker.
    const f = runChecks(context(plain020, 'higress', rc('EXTRA_TAGS=foo')), [higressAbi]);
    expect(f[0]!.message).toContain('The Higress Go SDK for TinyGo exports proxy_abi_version_0_2_100 only when built with the tag proxy_wasm_version_0_2_100, and proxy_abi_version_0_2_0 without it.');
    expect(f[0]!.hint).toBe('Rebuild with the tag: PLUGIN_NAME=key-auth EXTRA_TAGS=foo,proxy_wasm_version_0_2_100 make build.');
    expect(f[0]!.where.file).toBe('extensions/key-auth/.buildrc');
  });

  it('not when the .buildrc asks for the tag (that is WV1008), nor for 0.2.100, nor on envoy, nor for a non-Higress module', () => {
    expect(rulesOf(higressAbi, plain020, 'higress', rc('EXTRA_TAGS=proxy_wasm_version_0_2_100'))).toEqual([]);
    expect(rulesOf(buildrc, plain020, 'higress', rc('EXTRA_TAGS=proxy_wasm_version_0_2_100'))).toEqual(['WV1008']);
    expect(rulesOf(higressAbi, higress0100, 'higress')).toEqual([]);
    expect(rulesOf(higressAbi, higress020, 'envoy')).toEqual([]);
    expect(rulesOf(higressAbi, plain020, 'higress')).toEqual([]);
  });
});
