/**
 * What the host reads from the raw bytes before instantiating (src/bytecode_util.cc, v8.cc link):
 * import/export signatures (Node's JS API does not expose function types), the ABI marker order
 * and the `name` section used for backtraces. A view over one walk of the sections (./binary);
 * names and function bodies are decoded only when a trap needs a backtrace.
 */
import { customSection, functionBodies, functionNames, WalkError, type ByteRange, type ExternKind, type ModuleSignature, type WalkedModule } from './binary/index.js';
import type { Signature, ValType } from './symbols.js';
import { WebAssembly } from './webassembly.js';

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
  functionNames(): ReadonlyMap<number, string>;
  /** The function whose body contains module offset `offset`, if known. */
  functionAt(offset: number): number | undefined;
}

const NUMERIC: ReadonlySet<string> = new Set<ValType>(['i32', 'i64', 'f32', 'f64']);

/** Signatures over numeric types only: the host's tables have no others (v128, references stay unchecked). */
function hostSignature(s: ModuleSignature | undefined): { signature?: Signature } {
  if (s === undefined || !s.params.every((t) => NUMERIC.has(t)) || !s.results.every((t) => NUMERIC.has(t))) return {};
  return { signature: s as Signature };
}

function memo<T>(f: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= f());
}

/** The host's view of `walked`, which must be the walk of exactly these `bytes`. */
export function moduleInfo(bytes: Uint8Array, walked: WalkedModule): ModuleInfo {
  const names = memo(() => functionNames(bytes, customSection(walked, 'name')).read());
  const bodies = memo((): ByteRange[] => {
    try {
      return walked.code === undefined ? [] : functionBodies(bytes, walked.code);
    } catch (e) {
      if (e instanceof WalkError) return []; // V8 compiled the module, so this cannot happen; no names then
      throw e;
    }
  });
  return {
    imports: walked.imports.map((i) => ({ module: i.module, name: i.name, kind: i.kind, ...hostSignature(i.signature) })),
    exports: walked.exports.map((e) => ({ name: e.name, kind: e.kind, index: e.index, ...hostSignature(e.signature) })),
    functionNames: names,
    functionAt(offset) {
      const i = bodies().findIndex((b) => offset >= b.start && offset < b.end);
      return i < 0 ? undefined : walked.importedFunctions + i;
    },
  };
}

/** Names only, from the JS API, when a compiled Module comes without its bytes. */
export function moduleInfoFromJsApi(m: WebAssembly.Module): ModuleInfo {
  return {
    imports: WebAssembly.Module.imports(m).map((i) => ({ module: i.module, name: i.name, kind: i.kind })),
    exports: WebAssembly.Module.exports(m).map((e, index) => ({ name: e.name, kind: e.kind, index })),
    functionNames: () => new Map<number, string>(),
    functionAt: () => undefined,
  };
}
