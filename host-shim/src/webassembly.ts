/**
 * The JS API of WebAssembly as Node 20 provides it. TypeScript ships these types only in the
 * DOM/WebWorker libs, which this Node project does not load; the shapes follow lib.webworker.d.ts.
 * They are a module's exports, not a global declaration: a global `WebAssembly` namespace in our
 * published types would collide with the DOM lib of a consumer that checks library types
 * (skipLibCheck: false). Import `{ WebAssembly }` from here; at run time it is the global object.
 */
export declare namespace WebAssembly {
  interface CompileError extends Error {}
  interface LinkError extends Error {}
  interface RuntimeError extends Error {}
  interface Global {
    value: number | bigint;
  }
  interface Memory {
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  interface Table {
    readonly length: number;
    get(index: number): unknown;
  }
  interface Module {}
  interface Instance {
    readonly exports: Exports;
  }
  type ValueType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'anyfunc' | 'externref';
  type ImportExportKind = 'function' | 'global' | 'memory' | 'table';
  interface ModuleExportDescriptor {
    kind: ImportExportKind;
    name: string;
  }
  interface ModuleImportDescriptor {
    kind: ImportExportKind;
    module: string;
    name: string;
  }
  type ExportValue = Function | Global | Memory | Table;
  type Exports = Record<string, ExportValue>;
  type ImportValue = ExportValue | number;
  type ModuleImports = Record<string, ImportValue>;
  type Imports = Record<string, ModuleImports>;
}

type Bytes = ArrayBufferView | ArrayBuffer;

/** The global WebAssembly object's members that wasm-verify and the host shim use. */
export interface WebAssemblyApi {
  readonly CompileError: { prototype: WebAssembly.CompileError; new (message?: string): WebAssembly.CompileError };
  readonly LinkError: { prototype: WebAssembly.LinkError; new (message?: string): WebAssembly.LinkError };
  readonly RuntimeError: { prototype: WebAssembly.RuntimeError; new (message?: string): WebAssembly.RuntimeError };
  readonly Global: { prototype: WebAssembly.Global; new (descriptor: { value: WebAssembly.ValueType; mutable?: boolean }, v?: number | bigint): WebAssembly.Global };
  readonly Memory: { prototype: WebAssembly.Memory; new (descriptor: { initial: number; maximum?: number; shared?: boolean }): WebAssembly.Memory };
  readonly Table: { prototype: WebAssembly.Table; new (descriptor: { element: 'anyfunc' | 'externref'; initial: number; maximum?: number }): WebAssembly.Table };
  readonly Module: {
    prototype: WebAssembly.Module;
    new (bytes: Bytes): WebAssembly.Module;
    customSections(moduleObject: WebAssembly.Module, sectionName: string): ArrayBuffer[];
    exports(moduleObject: WebAssembly.Module): WebAssembly.ModuleExportDescriptor[];
    imports(moduleObject: WebAssembly.Module): WebAssembly.ModuleImportDescriptor[];
  };
  readonly Instance: { prototype: WebAssembly.Instance; new (module: WebAssembly.Module, importObject?: WebAssembly.Imports): WebAssembly.Instance };
  validate(bytes: Bytes): boolean;
  compile(bytes: Bytes): Promise<WebAssembly.Module>;
}

/** The global WebAssembly object (Node's), typed. */
export const WebAssembly: WebAssemblyApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
