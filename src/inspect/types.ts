/** What inspect() learns from a module binary, as data (also the JSON of `wasm-verify inspect`). */
import type { ModuleExport, ModuleImport, Limits, SectionInfo } from 'proxy-wasm-host-mock/binary';

/** What the section walker reads (proxy-wasm-host-mock/binary, which the host loads modules with). */
export type { AnyValType, ExternKind, Limits, ModuleExport, ModuleImport, ModuleSignature, SectionInfo } from 'proxy-wasm-host-mock/binary';

export interface ProducerValue {
  readonly name: string;
  readonly version: string;
}

/** A Go module: path and version as the build info records them (`(devel)` for the main module). */
export interface GoModule {
  readonly path: string;
  readonly version: string;
  /** A `replace` directive's target, when there was one. */
  readonly replacedBy?: string;
}

export interface GoBuildInfo {
  /** Go version (from the producers section or the build info). */
  readonly version?: string;
  /** The main package's import path (`path` line). */
  readonly path?: string;
  /** The main module (`mod` line). */
  readonly module?: GoModule;
  /**
   * The proxy-wasm SDKs among the dependencies (`dep` lines whose path names proxy-wasm,
   * wasm-go or higress). Go's build info lists every module linked in, not which are direct.
   */
  readonly sdkDeps: readonly GoModule[];
  /** `build` settings, e.g. `-buildmode` -> `c-shared`, `-tags` -> `a,b`, `GOOS` -> `wasip1`. */
  readonly settings: Readonly<Record<string, string>>;
}

/** A proxy-wasm SDK a non-Go build was made with, from the package paths in its function names. */
export interface SdkClue {
  /** Package or crate, e.g. `github.com/tetratelabs/proxy-wasm-go-sdk`, `proxy_wasm` (Rust), `@solo-io/proxy-runtime`. */
  readonly name: string;
  /** A function name that shows it. */
  readonly evidence: string;
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
  /** TinyGo, Rust, AssemblyScript: the SDK its function names show (version not recorded there). */
  readonly sdk?: SdkClue;
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
