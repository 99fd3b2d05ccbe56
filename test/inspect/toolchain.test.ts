import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectBytes } from '../../src/inspect/index.js';
import { fingerprint } from '../../src/inspect/toolchain.js';

const sample = (name: string) => inspectBytes(readFileSync(`sample-plugins/build/${name}.wasm`)).info!;

describe('toolchain fingerprint on the real samples', () => {
  it('Go 1.24 c-shared: version, build settings, reactor', () => {
    const i = sample('go-llm-gateway');
    expect(i.toolchain.id).toBe('go');
    expect(i.toolchain.version).toMatch(/^1\.24/);
    expect(i.toolchain.go?.settings['-buildmode']).toBe('c-shared');
    expect(i.toolchain.go?.settings['GOOS']).toBe('wasip1');
    expect(i.toolchain.go?.settings['-tags']).toContain('proxy_wasm_version_0_2_100');
    expect(i.startMode).toBe('reactor');
    expect(i.markers).toEqual(['proxy_abi_version_0_2_100']);
  });

  it('the founding-bug build lacks the tag and the marker', () => {
    const i = sample('go-llm-gateway-no-tag');
    expect(i.toolchain.go?.settings['-tags'] ?? '').not.toContain('proxy_wasm_version_0_2_100');
    expect(i.markers).toEqual(['proxy_abi_version_0_2_0']);
  });

  it('AssemblyScript from function names', () => {
    const i = sample('as-add-header');
    expect(i.toolchain.id).toBe('assemblyscript');
  });

  it('C with clang from the producers section', () => {
    const i = sample('c-add-header');
    expect(i.toolchain.id).toBe('c');
    // The sample was built with clang 16; its producers section names the wasi-libc objects' clang.
    expect(i.toolchain.name).toBe('C (producers: clang 14.0.6)');
  });

  it('every clang version in the producers section, lowest first', () => {
    const clang = (version: string) => ({ name: 'clang', version });
    const t = fingerprint({
      data: new Uint8Array(0),
      customNames: [],
      producers: { language: [{ name: 'C11', version: '' }], 'processed-by': [clang('16.0.6 (https://github.com/llvm/llvm-project 7cbf1a2)'), { name: 'Debian clang', version: '14.0.6' }, clang('16.0.6')] },
      functionNames: () => new Map(),
      imports: [],
    });
    expect(t.name).toBe('C (producers: clang 14.0.6, 16.0.6)');
  });

  it('hand-written WAT is unknown', () => {
    expect(sample('wat-minimal-ok').toolchain.id).toBe('unknown');
  });
});
