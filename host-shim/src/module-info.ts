/**
 * What the host reads from the raw bytes before instantiating (src/bytecode_util.cc, v8.cc link):
 * import/export signatures (Node's JS API does not expose function types), the ABI marker order
 * and the `name` section used for backtraces.
 */
import type { Signature, ValType } from './symbols.js';

export type ExternKind = 'function' | 'table' | 'memory' | 'global' | 'tag';

export interface ImportEntry {
  readonly module: string;
  readonly name: string;
  readonly kind: ExternKind;
  readonly signature?: Signature;
}

export interface ExportEntry {
  readonly name: string;
  readonly kind: ExternKind;
  readonly index: number;
  readonly signature?: Signature;
}

export interface ModuleInfo {
  readonly imports: readonly ImportEntry[];
  readonly exports: readonly ExportEntry[];
  /** Function index → name from the `name` custom section (empty when absent). */
  readonly functionNames: ReadonlyMap<number, string>;
  /** Byte ranges of the defined function bodies in the module, for mapping trap offsets to functions. */
  readonly functionRanges?: ReadonlyArray<{ readonly index: number; readonly start: number; readonly end: number }>;
}

/** The function whose body contains module offset `offset`. */
export function functionAt(info: ModuleInfo, offset: number): number | undefined {
  return info.functionRanges?.find((r) => offset >= r.start && offset < r.end)?.index;
}

const KINDS: readonly ExternKind[] = ['function', 'table', 'memory', 'global', 'tag'];
const VALTYPES: Readonly<Record<number, ValType>> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64' };

class Reader {
  at = 0;
  constructor(readonly b: Uint8Array, readonly end = b.length) {}
  byte(): number {
    if (this.at >= this.end) throw new Error('unexpected end');
    return this.b[this.at++] as number;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result >>> 0;
      shift += 7;
      if (shift > 35) throw new Error('bad LEB128');
    }
  }
  skipLeb(): void {
    while (this.byte() & 0x80);
  }
  name(): string {
    const n = this.u32();
    if (this.at + n > this.end) throw new Error('name overruns');
    const s = new TextDecoder().decode(this.b.subarray(this.at, this.at + n));
    this.at += n;
    return s;
  }
  /** A value type; non-numeric ones (v128, references) are kept as an opaque marker. */
  valType(): ValType | 'other' {
    const t = this.byte();
    if (t === 0x63 || t === 0x64) this.skipLeb(); // (ref null? ht)
    return VALTYPES[t] ?? 'other';
  }
  limits(): void {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }
}

function asSignature(params: Array<ValType | 'other'>, results: Array<ValType | 'other'>): Signature | undefined {
  if (params.includes('other') || results.includes('other')) return undefined;
  return { params: params as ValType[], results: results as ValType[] };
}

/** Parses the sections the host needs; throws on a malformed module (the host: "Failed to parse corrupted Wasm module"). */
export function readModuleInfo(bytes: Uint8Array): ModuleInfo {
  const r = new Reader(bytes);
  if (bytes.length < 8 || r.byte() !== 0 || r.byte() !== 0x61 || r.byte() !== 0x73 || r.byte() !== 0x6d) {
    throw new Error('bad magic');
  }
  r.at = 8;
  const types: Array<Signature | undefined> = [];
  const imports: ImportEntry[] = [];
  const funcTypes: number[] = []; // type index per function index (imports first)
  const rawExports: Array<{ name: string; kind: ExternKind; index: number }> = [];
  const functionNames = new Map<number, string>();
  const functionRanges: Array<{ index: number; start: number; end: number }> = [];
  let importedFuncs = 0;
  while (r.at < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.at + size;
    if (end > bytes.length) throw new Error('section overruns');
    const s = new Reader(bytes, end);
    s.at = r.at;
    if (id === 1) {
      for (let n = s.u32(), i = 0; i < n; i++) {
        const form = s.byte();
        if (form !== 0x60) {
          types.push(undefined); // GC / rec types: not a plain function type
          s.at = end;
          break;
        }
        const params = Array.from({ length: s.u32() }, () => s.valType());
        const results = Array.from({ length: s.u32() }, () => s.valType());
        types.push(asSignature(params, results));
      }
    } else if (id === 2) {
      for (let n = s.u32(), i = 0; i < n; i++) {
        const module = s.name();
        const name = s.name();
        const kind = KINDS[s.byte()] ?? 'tag';
        if (kind === 'function') {
          const t = s.u32();
          funcTypes.push(t);
          const sig = types[t];
          imports.push(sig ? { module, name, kind, signature: sig } : { module, name, kind });
        } else {
          if (kind === 'table') (s.valType(), s.limits());
          else if (kind === 'memory') s.limits();
          else if (kind === 'global') (s.valType(), s.byte());
          else (s.byte(), s.u32());
          imports.push({ module, name, kind });
        }
      }
    } else if (id === 10) {
      importedFuncs = imports.filter((i) => i.kind === 'function').length;
      for (let n = s.u32(), i = 0; i < n; i++) {
        const size = s.u32();
        functionRanges.push({ index: importedFuncs + i, start: s.at, end: s.at + size });
        s.at += size;
      }
    } else if (id === 3) {
      for (let n = s.u32(), i = 0; i < n; i++) funcTypes.push(s.u32());
    } else if (id === 7) {
      for (let n = s.u32(), i = 0; i < n; i++) {
        const name = s.name();
        const kind = KINDS[s.byte()] ?? 'tag';
        rawExports.push({ name, kind, index: s.u32() });
      }
    } else if (id === 0) {
      const cname = s.name();
      if (cname === 'name') readFunctionNames(s, end, functionNames);
    }
    r.at = end;
  }
  const exports = rawExports.map((e): ExportEntry => {
    const t = e.kind === 'function' ? funcTypes[e.index] : undefined;
    const sig = t === undefined ? undefined : types[t];
    return sig ? { ...e, signature: sig } : e;
  });
  return { imports, exports, functionNames, functionRanges };
}

function readFunctionNames(s: Reader, end: number, out: Map<number, string>): void {
  try {
    while (s.at < end) {
      const sub = s.byte();
      const size = s.u32();
      const subEnd = s.at + size;
      if (sub === 1) {
        for (let n = s.u32(), i = 0; i < n; i++) {
          const idx = s.u32();
          out.set(idx, s.name());
        }
      }
      s.at = subEnd;
    }
  } catch {
    // A damaged name section only costs names in backtraces.
  }
}
