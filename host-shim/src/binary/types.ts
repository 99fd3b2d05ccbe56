/** What the section walker reads from a core WebAssembly module binary, as plain data. */
import type { ValType } from '../symbols.js';

/** Value types a core module may use; the host's tables only ever need the first four. */
export type AnyValType = ValType | 'v128' | 'funcref' | 'externref';

export interface ModuleSignature {
  readonly params: readonly AnyValType[];
  readonly results: readonly AnyValType[];
}

export type ExternKind = 'function' | 'table' | 'memory' | 'global' | 'tag';

export interface Limits {
  readonly min: number;
  readonly max?: number;
  readonly shared: boolean;
  readonly memory64: boolean;
}

export interface ModuleImport {
  readonly module: string;
  readonly name: string;
  readonly kind: ExternKind;
  /** Functions only. */
  readonly signature?: ModuleSignature;
  /** Memories and tables. */
  readonly limits?: Limits;
  /** Globals only: value type and mutability. */
  readonly global?: { readonly type: string; readonly mutable: boolean };
}

export interface ModuleExport {
  readonly name: string;
  readonly kind: ExternKind;
  readonly index: number;
  /** Functions only. */
  readonly signature?: ModuleSignature;
}

export interface SectionInfo {
  readonly id: number;
  /** Standard name (`type`, `import`, ...) or, for custom sections, `custom:<name>`. */
  readonly name: string;
  /** Offset of the section payload in the file. */
  readonly offset: number;
  readonly size: number;
}

/** A byte range `[start, end)` of the module. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export interface CustomSection extends ByteRange {
  readonly name: string;
}

/**
 * One walk over a module's sections: plain data (structured-clone safe, so it can cross to a
 * worker thread), with byte ranges into the bytes it was read from where contents are read later.
 */
export interface WalkedModule {
  readonly sections: SectionInfo[];
  readonly types: ModuleSignature[];
  readonly imports: ModuleImport[];
  /** In export-section order (the order the host scans for ABI markers). */
  readonly exports: ModuleExport[];
  /** Type index of every function in the function index space (imports first). */
  readonly funcTypeIndex: number[];
  readonly importedFunctions: number;
  /** Memories, imported ones first (as in the index space). */
  readonly memories: Array<{ imported: boolean; limits: Limits }>;
  /** Custom sections in file order; the range is the payload after the name. */
  readonly customs: CustomSection[];
  readonly startFunction?: number;
  /** Payload range of the code section. */
  readonly code?: ByteRange;
}
