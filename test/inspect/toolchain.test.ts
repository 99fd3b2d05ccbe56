import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectBytes } from '../../src/inspect/index.js';

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
    expect(i.toolchain.name).toMatch(/^C \(clang \d+/);
  });

  it('hand-written WAT is unknown', () => {
    expect(sample('wat-minimal-ok').toolchain.id).toBe('unknown');
  });
});
