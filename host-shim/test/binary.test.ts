/** proxy-wasm-host-mock/binary: the section walker the host loads modules with, on its own. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { customSection, functionBodies, functionNames, walkModule, WalkError } from 'proxy-wasm-host-mock/binary';
import { wat } from './wat.js';

const SAMPLES = ['go-header-rewrite', 'c-add-header', 'as-add-header'].map((n) => readFileSync(`sample-plugins/build/${n}.wasm`));

const named = wat(`(module
  (import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func $first (export "malloc") (param i32) (result i32) (i32.const 8))
  (func $second (param i64) (result f64) (f64.const 1)))`);

describe('walkModule', () => {
  test.each(SAMPLES.map((b, i) => [i, b] as const))('agrees with V8 on imports and exports, in order (sample %i)', (_, bytes) => {
    const w = walkModule(bytes);
    const m = new WebAssembly.Module(bytes);
    expect(w.imports.map((i) => [i.module, i.name, i.kind])).toEqual(WebAssembly.Module.imports(m).map((i) => [i.module, i.name, i.kind]));
    expect(w.exports.map((e) => [e.name, e.kind])).toEqual(WebAssembly.Module.exports(m).map((e) => [e.name, e.kind]));
  });

  test('gives signatures and the function type of every function, imports first', () => {
    const w = walkModule(named);
    expect(w.importedFunctions).toBe(1);
    expect(w.imports[0]?.signature).toEqual({ params: ['i32', 'i32', 'i32'], results: ['i32'] });
    expect(w.funcTypeIndex.map((t) => w.types[t])).toEqual([
      { params: ['i32', 'i32', 'i32'], results: ['i32'] },
      { params: ['i32'], results: ['i32'] },
      { params: ['i64'], results: ['f64'] },
    ]);
  });

  test('is plain data (it can be posted to a worker thread)', () => {
    const w = walkModule(SAMPLES[0]!);
    expect(structuredClone(w)).toEqual(w);
  });

  test('throws only WalkError on bad input: wrong magic, every truncation, a huge count', () => {
    const thrown = (b: Uint8Array): unknown => {
      try {
        walkModule(b);
        return undefined;
      } catch (e) {
        return e;
      }
    };
    expect(thrown(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1, 0, 0, 0]))).toBeInstanceOf(WalkError);
    for (let n = 0; n < named.length; n++) {
      const e = thrown(named.subarray(0, n));
      if (e !== undefined) expect(e, `cut at ${n}`).toBeInstanceOf(WalkError);
    }
    // An import section claiming 2^32-1 imports in 5 bytes.
    expect(thrown(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 2, 5, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toBeInstanceOf(WalkError);
  });
});

describe('name section and function bodies', () => {
  test('names by function index; bodies tile the code section in function order', () => {
    const w = walkModule(named);
    expect([...functionNames(named, customSection(w, 'name')).read()]).toEqual([[0, 'log'], [1, 'first'], [2, 'second']]);
    const bodies = functionBodies(named, w.code!);
    expect(bodies).toHaveLength(w.funcTypeIndex.length - w.importedFunctions);
    expect(bodies.at(-1)?.end).toBe(w.code!.end);
    for (let i = 1; i < bodies.length; i++) expect(bodies[i]!.start).toBeGreaterThan(bodies[i - 1]!.end);
  });

  test('a function-name subsection that ends before its declared size is the host\'s parse error; the names before it stay', () => {
    const w = walkModule(named);
    const section = customSection(w, 'name')!;
    // Subsection 1 follows the module-name-free section directly: id, size, count, entries.
    const bytes = new Uint8Array(named);
    expect(bytes[section.start]).toBe(1);
    bytes[section.start + 2] = 2; // two names declared, three present
    const names = functionNames(bytes, section);
    expect(names.error).toMatch(/^function name subsection size does not match its contents \(name section, byte \d+\)$/);
    expect([...names.read().values()]).toEqual(['log', 'first']);
  });
});
