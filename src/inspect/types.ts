/** What inspect() learns from a module binary, as data (also the JSON of `wasm-verify inspect`). */
import type { ModuleExport, ModuleImport, Limits, SectionInfo } from 'proxy-wasm-host-mock/binary';

/** What the section walker reads (proxy-wasm-host-mock/binary, which the host loads modules with). */
export type { AnyValType, ExternKind, Limits, ModuleExport, ModuleImport, ModuleSignature, SectionInfo } from 'proxy-wasm-host-mock/binary';

export interface ProducerValue {
  readonly name: string;
  readonly version: string;
}

export interface GoBuildInfo {
  /** Go version (from the producers section or the build info). */
  readonly version?: string;
  readonly path?: string;
  /** `build` settings, e.g. `-buildmode` -> `c-shared`, `-tags` -> `a,b`, `GOOS` -> `wasip1`. */
  readonly settings: Readonly<Record<string, string>>;
}

export type ToolchainId = 'go' | 'tinygo' | 'rust' | 'assemblyscript' | 'emscripten' | 'c' | 'cpp' | 'unknown';

export interface Toolchain {
  readonly id: ToolchainId;
  /** For humans: `Go 1.24.4 (c-shared reactor)`, `AssemblyScript`, `C (producers: clang 16.0.6)`. */
  readonly name: string;
  readonly version?: string;
  /** Why we think so: one short phrase per clue. */
  readonly evidence: readonly string[];
  readonly go?: GoBuildInfo;
}

/** WASI reactor (`_initialize`), command (`_start` and no `_initialize`), or neither. */
export type StartMode = 'reactor' | 'command' | 'none';

export interface ModuleInfo {
  readonly size: number;
  /** Hex SHA-256 of the module, computed on first read (src/inspect/digest.ts). */
  readonly sha256: string;
  readonly sections: readonly SectionInfo[];
  readonly imports: readonly ModuleImport[];
  /** In export-section order (the order the host scans for ABI markers). */
  readonly exports: readonly ModuleExport[];
  /** Memories, imported ones first (as in the index space). */
  readonly memories: ReadonlyArray<{ readonly imported: boolean; readonly limits: Limits }>;
  /** Function exports named proxy_abi_version_*, in export order. */
  readonly markers: readonly string[];
  readonly startMode: StartMode;
  /** Index of the wasm `start` section function, if any. */
  readonly startFunction?: number;
  readonly producers: Readonly<Record<string, readonly ProducerValue[]>>;
  readonly toolchain: Toolchain;
  /** Host-side parse problem of the `name` section (the host then refuses the module). */
  readonly nameSectionError?: string;
}
