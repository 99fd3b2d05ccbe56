import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectBytes } from '../../src/inspect/index.js';
import { plugin, wat } from '../helpers/wasm.js';

/** A deterministic PRNG so a failure can be reproduced. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('section walker', async () => {
  const good = await wat(plugin(`
    (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) i32.const 0)
    (global (export "g") i32 (i32.const 1))`).replace('(module', `(module
      (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
      (import "env" "proxy_log" (func (param i32 i32 i32) (result i32)))`));

  it('reads imports and exports with signatures, in order', () => {
    const { info, problem } = inspectBytes(good);
    expect(problem).toBeNull();
    expect(info!.imports.map((i) => `${i.module}.${i.name}`)).toEqual(['wasi_snapshot_preview1.fd_write', 'env.proxy_log']);
    expect(info!.exports.map((e) => e.name)).toEqual(['memory', 'proxy_abi_version_0_2_1', 'malloc', 'proxy_on_request_headers', 'g']);
    expect(info!.exports.find((e) => e.name === 'proxy_on_request_headers')!.signature).toEqual({ params: ['i32', 'i32', 'i32'], results: ['i32'] });
    expect(info!.markers).toEqual(['proxy_abi_version_0_2_1']);
    expect(info!.startMode).toBe('none');
  });

  it('agrees with V8 on imports and exports', () => {
    const { info } = inspectBytes(good);
    const m = new WebAssembly.Module(good);
    expect(info!.imports.map((i) => [i.module, i.name, i.kind])).toEqual(WebAssembly.Module.imports(m).map((i) => [i.module, i.name, i.kind]));
    expect(info!.exports.map((e) => [e.name, e.kind])).toEqual(WebAssembly.Module.exports(m).map((e) => [e.name, e.kind]));
  });

  it('reports every cut inside a section as a load problem, never a throw', () => {
    const ends = new Set([8, ...inspectBytes(good).info!.sections.map((x) => x.offset + x.size)]);
    for (let n = 0; n < good.length; n++) {
      const r = inspectBytes(good.subarray(0, n));
      if (!ends.has(n)) expect(r.problem, `cut at ${n}`).not.toBeNull();
    }
  });

  it('survives random corruption without throwing (fuzz, fixed seed)', () => {
    const rand = rng(42);
    for (let round = 0; round < 3000; round++) {
      const b = new Uint8Array(good);
      const flips = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < flips; k++) b[8 + Math.floor(rand() * (b.length - 8))] = Math.floor(rand() * 256);
      expect(() => inspectBytes(b)).not.toThrow();
    }
  });

  it('does not trust huge counts or sizes', () => {
    const head = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
    // import section claiming 2^32-1 imports in 6 bytes
    const hugeCount = new Uint8Array([...head, 2, 5, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(inspectBytes(hugeCount).problem).toMatchObject({ kind: 'corrupt', stage: 'parse' });
    // section size larger than the file
    const hugeSize = new Uint8Array([...head, 1, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(inspectBytes(hugeSize).problem).toMatchObject({ kind: 'corrupt' });
    // LEB128 longer than 5 bytes
    const longLeb = new Uint8Array([...head, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]);
    expect(inspectBytes(longLeb).problem).toMatchObject({ kind: 'corrupt' });
  });

  it('reads a 100 MB random file quickly as not-wasm', () => {
    const big = new Uint8Array(100 * 1024 * 1024).fill(0xab);
    const t = performance.now();
    expect(inspectBytes(big).problem).toMatchObject({ kind: 'not-wasm' });
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('walks the largest sample in well under a second', () => {
    const bytes = readFileSync('sample-plugins/build/go-llm-gateway.wasm');
    const t = performance.now();
    expect(inspectBytes(bytes).problem).toBeNull();
    expect(performance.now() - t).toBeLessThan(500);
  });
});
