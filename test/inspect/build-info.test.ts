/**
 * Issue 9 point 4: what the build recorded (Go module, SDK dependencies with versions, build
 * settings; the SDK a non-Go build's names show), in inspect and for --host auto.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { autoHostFor } from '../../src/auto-host.js';
import { formatInspect } from '../../src/formatters/inspect.js';
import { inspect } from '../../src/index.js';
import { inspectBytes } from '../../src/inspect/index.js';
import { hostsFor } from '../../src/verify.js';
import { goModule, HIGRESS_MODINFO } from '../helpers/go-build-info.js';

describe('Go build info', async () => {
  const bytes = await goModule(HIGRESS_MODINFO);
  const info = inspectBytes(bytes).info!;

  it('main module, the proxy-wasm SDK dependencies with versions and replacements, the build settings', () => {
    const go = info.toolchain.go!;
    expect(go.path).toBe('github.com/alibaba/higress/plugins/wasm-go/extensions/key-auth');
    expect(go.module).toEqual({ path: 'github.com/alibaba/higress/plugins/wasm-go/extensions/key-auth', version: '(devel)' });
    expect(go.sdkDeps).toEqual([
      { path: 'github.com/higress-group/proxy-wasm-go-sdk', version: 'v0.0.0-20241218212251-fc1912e5a0b2' },
      { path: 'github.com/higress-group/wasm-go', version: 'v1.0.1', replacedBy: '../../wasm-go (devel)' },
    ]);
    expect(go.settings['-tags']).toBe('foo');
  });

  it('inspect shows them (human and JSON)', async () => {
    const r = await inspect({ file: 'key-auth.wasm', bytes });
    const human = formatInspect(r, 'human');
    expect(human).toContain('  go module  github.com/alibaba/higress/plugins/wasm-go/extensions/key-auth (devel)\n');
    expect(human).toContain('  sdk        github.com/higress-group/proxy-wasm-go-sdk v0.0.0-20241218212251-fc1912e5a0b2; github.com/higress-group/wasm-go v1.0.1 => ../../wasm-go (devel)\n');
    expect(human).toContain('  go build   -buildmode=c-shared -tags=foo GOOS=wasip1\n');
    expect(human).toContain('  auto host  higress\n');
    const json = JSON.parse(formatInspect(r, 'json')) as { module: { toolchain: { go: { sdkDeps: unknown[] } } } };
    expect(json.module.toolchain.go.sdkDeps).toHaveLength(2);
  });

  it('--host auto picks higress for a Higress SDK or wasm-go build, though it exports only 0.2.0', () => {
    expect(info.markers).toEqual(['proxy_abi_version_0_2_0']);
    expect(hostsFor('auto', info).map((t) => t.label)).toEqual(['higress@2.2']);
  });

  it('and envoy for a Go build with another SDK', async () => {
    const other = inspectBytes(await goModule('path\texample.com/p\nmod\texample.com/p\t(devel)\t\ndep\tgithub.com/tetratelabs/proxy-wasm-go-sdk\tv0.24.0\th1:x=\n')).info!;
    expect(other.toolchain.go?.sdkDeps.map((d) => d.path)).toEqual(['github.com/tetratelabs/proxy-wasm-go-sdk']);
    expect(autoHostFor(other)).toBe('envoy');
  });

  it('the real Go samples: module and package path, no SDK dependency (their SDK is in the same module)', () => {
    const go = inspectBytes(readFileSync('sample-plugins/build/go-header-rewrite.wasm')).info!.toolchain.go!;
    expect(go.module).toEqual({ path: 'wasmverify.dev/samples', version: '(devel)' });
    expect(go.path).toBe('wasmverify.dev/samples/header-rewrite');
    expect(go.sdkDeps).toEqual([]);
  });
});

describe('other toolchains', () => {
  it('AssemblyScript: the SDK package its function names show', async () => {
    const i = inspectBytes(readFileSync('sample-plugins/build/as-add-header.wasm')).info!;
    expect(i.toolchain.sdk?.name).toBe('@solo-io/proxy-runtime');
    const human = formatInspect(await inspect('sample-plugins/build/as-add-header.wasm'), 'human');
    expect(human).toMatch(/\n  sdk        @solo-io\/proxy-runtime {2}\(function name ~lib\/@solo-io\/proxy-runtime\//);
  });

  it('C: the producers section', async () => {
    const human = formatInspect(await inspect('sample-plugins/build/c-add-header.wasm'), 'human');
    expect(human).toMatch(/\n  producers  language C99; processed-by Debian clang /);
  });
});

describe('TinyGo', () => {
  const clues = (names: string[]) => ({
    data: new Uint8Array(),
    customNames: [],
    producers: { 'processed-by': [{ name: 'TinyGo', version: '0.34.0' }] },
    functionNames: () => new Map(names.map((n, i) => [i, n])),
    imports: [],
  });

  it('the SDK package its function names show, and auto picks higress for the Higress one', async () => {
    const { fingerprint, higressSdkOf } = await import('../../src/inspect/toolchain.js');
    const higress = fingerprint(clues(['runtime.alloc', 'github.com/alibaba/higress/plugins/wasm-go/pkg/wrapper.ParseConfig']));
    expect(higress.sdk?.name).toBe('github.com/alibaba/higress/plugins/wasm-go');
    expect(higressSdkOf(higress)).toBe('github.com/alibaba/higress/plugins/wasm-go');
    const tetrate = fingerprint(clues(['github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm.SetVMContext']));
    expect(tetrate.sdk?.name).toBe('github.com/tetratelabs/proxy-wasm-go-sdk');
    expect(higressSdkOf(tetrate)).toBeUndefined();
  });
});
