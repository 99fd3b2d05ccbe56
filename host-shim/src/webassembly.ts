/**
 * The JS API of WebAssembly as Node 20 provides it. TypeScript ships these types only in the
 * DOM/WebWorker libs, which this Node project does not load; the shapes follow lib.webworker.d.ts.
 */
declare global {
  namespace WebAssembly {
    interface CompileError extends Error {}
    var CompileError: { prototype: CompileError; new (message?: string): CompileError };
    interface LinkError extends Error {}
    var LinkError: { prototype: LinkError; new (message?: string): LinkError };
    interface RuntimeError extends Error {}
    var RuntimeError: { prototype: RuntimeError; new (message?: string): RuntimeError };

    interface Global {
      value: number | bigint;
    }
    var Global: { prototype: Global; new (descriptor: { value: ValueType; mutable?: boolean }, v?: number | bigint): Global };
    interface Memory {
      readonly buffer: ArrayBuffer;
      grow(delta: number): number;
    }
    var Memory: { prototype: Memory; new (descriptor: { initial: number; maximum?: number; shared?: boolean }): Memory };
    interface Table {
      readonly length: number;
      get(index: number): unknown;
    }
    var Table: { prototype: Table; new (descriptor: { element: 'anyfunc' | 'externref'; initial: number; maximum?: number }): Table };
    interface Module {}
    var Module: {
      prototype: Module;
      new (bytes: ArrayBufferView | ArrayBuffer): Module;
      customSections(moduleObject: Module, sectionName: string): ArrayBuffer[];
      exports(moduleObject: Module): ModuleExportDescriptor[];
      imports(moduleObject: Module): ModuleImportDescriptor[];
    };
    interface Instance {
      readonly exports: Exports;
    }
    var Instance: { prototype: Instance; new (module: Module, importObject?: Imports): Instance };

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
    function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
    function compile(bytes: ArrayBufferView | ArrayBuffer): Promise<Module>;
  }
}
export {};
