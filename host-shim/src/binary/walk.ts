/**
 * A small section walker for core WebAssembly binaries. Node's WebAssembly.Module gives imports
 * and exports without signatures or order guarantees; this gives both, plus the custom sections,
 * in one pass over the bytes. Hostile input ends in a WalkError, never a hang or a huge allocation.
 */
import { Reader, WalkError } from './reader.js';
import type { AnyValType, ByteRange, ExternKind, Limits, ModuleSignature, WalkedModule } from './types.js';

export const SECTION_NAMES: Readonly<Record<number, string>> = {
  0: 'custom', 1: 'type', 2: 'import', 3: 'function', 4: 'table', 5: 'memory', 6: 'global',
  7: 'export', 8: 'start', 9: 'element', 10: 'code', 11: 'data', 12: 'datacount', 13: 'tag',
};

const KINDS: readonly ExternKind[] = ['function', 'table', 'memory', 'global', 'tag'];

const VALTYPES: Readonly<Record<number, AnyValType>> = {
  0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref',
};

/** A feature of well-formed bytes that the gateway's engine rejects, e.g. GC types (wasm-verify: WV0004). */
export class FeatureError extends WalkError {}

function valType(r: Reader): AnyValType {
  const at = r.pos;
  const b = r.u8();
  const t = VALTYPES[b];
  if (t === undefined) throw new FeatureError(`value type 0x${b.toString(16)} (reference types of the GC proposal)`, at);
  return t;
}

function limits(r: Reader, memory: boolean): Limits {
  const at = r.pos;
  const flags = r.u8();
  if (flags > 0x07) r.fail(`invalid limits flags 0x${flags.toString(16)}`, at);
  const memory64 = (flags & 0x04) !== 0;
  const shared = (flags & 0x02) !== 0;
  if (!memory && (memory64 || shared)) r.fail(`invalid table limits flags 0x${flags.toString(16)}`, at);
  const read = (): number => (memory64 ? r.u64() : r.u32());
  const min = read();
  return (flags & 0x01) !== 0 ? { min, max: read(), shared, memory64 } : { min, shared, memory64 };
}

function signatureAt(types: readonly ModuleSignature[], index: number, r: Reader, at: number): ModuleSignature {
  const s = types[index];
  if (s === undefined) r.fail(`type index ${index} out of range (${types.length} types)`, at);
  return s;
}

function readTypes(r: Reader, out: ModuleSignature[]): void {
  for (let n = r.count(), i = 0; i < n; i++) {
    const at = r.pos;
    const form = r.u8();
    if (form !== 0x60) {
      throw new FeatureError(`type form 0x${form.toString(16)} (GC proposal types)`, at);
    }
    const params: AnyValType[] = [];
    for (let p = r.count(), j = 0; j < p; j++) params.push(valType(r));
    const results: AnyValType[] = [];
    for (let q = r.count(), j = 0; j < q; j++) results.push(valType(r));
    out.push({ params, results });
  }
}

function readImports(r: Reader, m: WalkedModule): void {
  for (let n = r.count(3), i = 0; i < n; i++) {
    const module = r.name();
    const name = r.name();
    const at = r.pos;
    const kind = KINDS[r.u8()];
    if (kind === undefined) r.fail('invalid import kind', at);
    if (kind === 'function') {
      const tAt = r.pos;
      const t = r.u32();
      m.imports.push({ module, name, kind, signature: signatureAt(m.types, t, r, tAt) });
      m.funcTypeIndex.push(t);
    } else if (kind === 'table') {
      valType(r);
      m.imports.push({ module, name, kind, limits: limits(r, false) });
    } else if (kind === 'memory') {
      const l = limits(r, true);
      m.imports.push({ module, name, kind, limits: l });
      m.memories.push({ imported: true, limits: l });
    } else if (kind === 'global') {
      const type = valType(r);
      const mut = r.u8();
      if (mut > 1) r.fail('invalid global mutability', r.pos - 1);
      m.imports.push({ module, name, kind, global: { type, mutable: mut === 1 } });
    } else {
      r.u8();
      r.u32();
      m.imports.push({ module, name, kind });
    }
  }
}

function readExports(r: Reader, m: WalkedModule, seenFunctions: number): void {
  for (let n = r.count(3), i = 0; i < n; i++) {
    const name = r.name();
    const at = r.pos;
    const kind = KINDS[r.u8()];
    if (kind === undefined) r.fail('invalid export kind', at);
    const iAt = r.pos;
    const index = r.u32();
    if (kind === 'function') {
      const t = m.funcTypeIndex[index];
      if (t === undefined || index >= seenFunctions) r.fail(`exported function index ${index} out of range`, iAt);
      m.exports.push({ name, kind, index, signature: signatureAt(m.types, t, r, iAt) });
    } else {
      m.exports.push({ name, kind, index });
    }
  }
}

/** Walks the sections after the 8-byte header. Throws WalkError / FeatureError on bad input. */
export function walkSections(bytes: Uint8Array): WalkedModule {
  const m: WalkedModule = {
    sections: [], types: [], imports: [], exports: [], funcTypeIndex: [], importedFunctions: 0,
    memories: [], customs: [],
  };
  const file: Reader = new Reader(bytes, 8, bytes.length);
  let importedFunctions = 0;
  let startFunction: number | undefined;
  let code: ByteRange | undefined;
  while (!file.atEnd()) {
    const headerAt = file.pos;
    const id = file.u8();
    const size = file.u32();
    if (size > file.remaining) {
      file.fail(`section ${SECTION_NAMES[id] ?? id} of ${size} bytes runs past the end of the file (${file.remaining} bytes left)`, headerAt);
    }
    const start = file.pos;
    const end = start + size;
    file.pos = end;
    const r: Reader = new Reader(bytes, start, end);
    if (id === 0) {
      const name = r.name();
      m.customs.push({ name, start: r.pos, end });
      m.sections.push({ id, name: `custom:${name}`, offset: start, size });
      continue;
    }
    const name = SECTION_NAMES[id];
    if (name === undefined) file.fail(`unknown section id ${id}`, headerAt);
    m.sections.push({ id, name, offset: start, size });
    switch (id) {
      case 1: readTypes(r, m.types); break;
      case 2:
        readImports(r, m);
        importedFunctions = m.funcTypeIndex.length;
        break;
      case 3:
        for (let n = r.count(), i = 0; i < n; i++) {
          const at = r.pos;
          const t = r.u32();
          signatureAt(m.types, t, r, at);
          m.funcTypeIndex.push(t);
        }
        break;
      case 4:
        for (let n = r.count(2), i = 0; i < n; i++) { valType(r); limits(r, false); }
        break;
      case 5:
        for (let n = r.count(2), i = 0; i < n; i++) m.memories.push({ imported: false, limits: limits(r, true) });
        break;
      case 7: readExports(r, m, m.funcTypeIndex.length); break;
      case 8: startFunction = r.u32(); break;
      case 10: code = { start, end }; r.pos = end; break;
      default: r.pos = end; // global, element, data, datacount, tag: V8 validates them.
    }
    if (r.pos !== end) r.fail(`section ${name} declares ${size} bytes but its contents end at ${r.pos - start}`, r.pos);
  }
  return {
    ...m,
    importedFunctions,
    ...(startFunction === undefined ? {} : { startFunction }),
    ...(code === undefined ? {} : { code }),
  };
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

/**
 * Checks the header's magic number (proxy-wasm-cpp-host src/bytecode_util.cc, reference §1), then
 * walks the sections. Throws WalkError / FeatureError on bad input.
 */
export function walkModule(bytes: Uint8Array): WalkedModule {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw new WalkError('not a WebAssembly module (bad magic number)', 0);
  return walkSections(bytes);
}
