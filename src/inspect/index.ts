/**
 * Reads a module binary once: header, sections, imports and exports with signatures, memories,
 * ABI markers, custom sections and the toolchain that built it. Never throws for bad bytes: a
 * module that cannot be read comes back as a `LoadProblem`.
 */
import { customSection, FeatureError, functionNames, WalkError, walkSections, type WalkedModule } from 'proxy-wasm-host-mock/binary';
import { lazySha256 } from './digest.js';
import { producers } from './producers.js';
import { compileMessage, type CompileResult } from '../prefetch.js';
import { fingerprint } from './toolchain.js';
import type { ModuleInfo, StartMode } from './types.js';
import { WebAssembly } from 'proxy-wasm-host-mock/webassembly';

export type * from './types.js';
export { reachesDirectly } from './code.js';

/** Why a file is not a module the gateway can load, before any proxy-wasm rule applies. */
export type LoadProblem =
  | { readonly kind: 'not-wasm'; readonly detail: string }
  | { readonly kind: 'component'; readonly version: number }
  | { readonly kind: 'corrupt'; readonly detail: string; readonly stage: 'parse' | 'compile' }
  | { readonly kind: 'unsupported'; readonly feature: string };

export interface Inspection {
  readonly info: ModuleInfo | null;
  readonly problem: LoadProblem | null;
  /**
   * The section walk (proxy-wasm-host-mock/binary): function types and code range for the checks,
   * and what the emulated host reads instead of parsing the bytes again; absent when unreadable.
   */
  readonly walked: WalkedModule | null;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

function memo<T>(f: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= f());
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** A short guess at what a non-wasm file is, for the message. */
function describeNonWasm(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 8);
  const text = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  const what =
    head[0] === 0x1f && head[1] === 0x8b ? 'gzip data, e.g. an OCI image layer: extract plugin.wasm from it first'
    : head[0] === 0x7f && text.startsWith('\x7fELF') ? 'an ELF executable'
    : text.startsWith('PK') ? 'a zip archive'
    : bytes.length > 262 && Buffer.from(bytes.subarray(257, 262)).toString('latin1') === 'ustar' ? 'a tar archive'
    : /^\s*(\(module|\(component)/.test(text) ? 'WebAssembly text (WAT): assemble it with wat2wasm first'
    : /^\s*</.test(text) ? 'HTML or XML text, e.g. an error page saved instead of the plugin'
    : /^\s*[{[]/.test(text) ? 'JSON text'
    : undefined;
  return `it starts with ${hex(head)} instead of 00 61 73 6d${what ? `; it looks like ${what}` : ''}`;
}

function headerProblem(bytes: Uint8Array): LoadProblem | null {
  if (bytes.length < 4 || MAGIC.some((b, i) => bytes[i] !== b)) return { kind: 'not-wasm', detail: describeNonWasm(bytes) };
  if (bytes.length < 8) return { kind: 'corrupt', detail: `the file ends after ${bytes.length} bytes, inside the 8-byte header`, stage: 'parse' };
  const version = bytes[4]! | (bytes[5]! << 8);
  const layer = bytes[6]! | (bytes[7]! << 8);
  if (layer === 1) return { kind: 'component', version };
  if (version !== 1 || layer !== 0) {
    return { kind: 'corrupt', detail: `unknown binary version ${hex(bytes.subarray(4, 8))} (a core module has 01 00 00 00)`, stage: 'parse' };
  }
  return null;
}

function dataSection(bytes: Uint8Array, w: WalkedModule): Uint8Array {
  const d = w.sections.find((s) => s.id === 11);
  return d === undefined ? bytes : bytes.subarray(d.offset, d.offset + d.size);
}

function startMode(w: WalkedModule): StartMode {
  const fn = (n: string): boolean => w.exports.some((e) => e.kind === 'function' && e.name === n);
  return fn('_initialize') ? 'reactor' : fn('_start') ? 'command' : 'none';
}

/** Inspects module bytes. Pure; cost is one pass over the sections (the hash waits until read). */
export function inspectBytes(bytes: Uint8Array): Inspection {
  const problem = headerProblem(bytes);
  if (problem) return { info: null, problem, walked: null };
  let w: WalkedModule;
  try {
    w = walkSections(bytes);
  } catch (e) {
    if (e instanceof FeatureError) return { info: null, problem: { kind: 'unsupported', feature: e.message }, walked: null };
    if (e instanceof WalkError) {
      return { info: null, problem: { kind: 'corrupt', detail: `${e.message} at byte ${e.offset}`, stage: 'parse' }, walked: null };
    }
    throw e;
  }
  const names = functionNames(bytes, customSection(w, 'name'));
  const prod = producers(bytes, customSection(w, 'producers'));
  const info: ModuleInfo = lazySha256({
    size: bytes.length,
    sha256: '',
    sections: w.sections,
    imports: w.imports,
    exports: w.exports,
    memories: w.memories,
    markers: w.exports.filter((e) => e.kind === 'function' && e.name.startsWith('proxy_abi_version_')).map((e) => e.name),
    startMode: startMode(w),
    ...(w.startFunction === undefined ? {} : { startFunction: w.startFunction }),
    producers: prod,
    toolchain: fingerprint({
      data: dataSection(bytes, w),
      customNames: w.customs.map((c) => c.name),
      producers: prod,
      functionNames: memo(names.read),
      imports: w.imports,
    }),
    ...(names.error === undefined ? {} : { nameSectionError: names.error }),
  }, bytes);
  const feature = unsupportedFeature(info);
  return { info, problem: feature ? { kind: 'unsupported', feature } : null, walked: w };
}

/** Features the gateway's V8 configuration rejects although the module is well-formed. */
function unsupportedFeature(info: ModuleInfo): string | undefined {
  if (info.memories.some((m) => m.limits.memory64)) return '64-bit memory (memory64)';
  if (info.memories.length > 1) return `${info.memories.length} memories (multi-memory; the host supports one)`;
  return undefined;
}

/** Compiles with Node's V8: the engine check the gateway's `Failed to load Wasm bytecode` stands for. */
export function compile(bytes: Uint8Array): CompileResult {
  try {
    return { module: new WebAssembly.Module(bytes) };
  } catch (e) {
    return { error: compileMessage(e) };
  }
}

/**
 * The same, on V8's background threads: with many files in flight the main thread stays free to
 * supervise the plugin runs while the next module compiles.
 */
export function compileAsync(bytes: Uint8Array): Promise<CompileResult> {
  return WebAssembly.compile(bytes).then(
    (module): CompileResult => ({ module }),
    (e: unknown): CompileResult => ({ error: compileMessage(e) }),
  );
}
