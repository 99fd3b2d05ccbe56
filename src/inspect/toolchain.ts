/**
 * Toolchain fingerprinting from what compilers leave in a binary: the `producers` section, Go's
 * `go:buildid` section and embedded module info (build settings such as -buildmode and -tags),
 * and characteristic function names in the `name` section.
 */
import type { GoBuildInfo, GoModule, ModuleImport, ProducerValue, SdkClue, Toolchain } from './types.js';

// Sentinels around Go's embedded module info (src/cmd/go/internal/modload/build.go infoStart/infoEnd).
const GO_MODINFO_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
const GO_MODINFO_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');
const MAX_MODINFO = 1 << 20;

/**
 * Go's module info (`go version -m`): path, deps and build settings, if embedded. `bytes` may be
 * just the data section, where the linker puts it.
 */
export function goModInfo(bytes: Uint8Array): { path?: string; module?: GoModule; sdkDeps: GoModule[]; settings: Record<string, string> } | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = buf.indexOf(GO_MODINFO_START);
  if (start < 0) return undefined;
  const from = start + GO_MODINFO_START.length;
  const end = buf.indexOf(GO_MODINFO_END, from);
  if (end < 0 || end - from > MAX_MODINFO) return undefined;
  const text = buf.subarray(from, end).toString('utf8');
  const settings: Record<string, string> = {};
  const sdkDeps: GoModule[] = [];
  let path: string | undefined;
  let module: GoModule | undefined;
  // The last module read: a `=>` line replaces it (runtime/debug.ParseBuildInfo's format).
  let last: { list: GoModule[] | 'main'; index: number } | undefined;
  for (const line of text.split('\n')) {
    const [key, ...fields] = line.split('\t');
    const rest = fields.join('\t');
    if (key === 'path') path = rest;
    else if (key === 'mod' && fields[0] !== undefined) {
      module = { path: fields[0], version: fields[1] ?? '' };
      last = { list: 'main', index: 0 };
    } else if (key === 'dep' && fields[0] !== undefined) {
      last = undefined;
      if (SDK_PATH.test(fields[0]) && sdkDeps.length < MAX_SDK_DEPS) {
        sdkDeps.push({ path: fields[0], version: fields[1] ?? '' });
        last = { list: sdkDeps, index: sdkDeps.length - 1 };
      }
    } else if (key === '=>' && fields[0] !== undefined && last !== undefined) {
      const target = `${fields[0]}${fields[1] ? ` ${fields[1]}` : ''}`;
      if (last.list === 'main' && module !== undefined) module = { ...module, replacedBy: target };
      else if (last.list !== 'main') last.list[last.index] = { ...last.list[last.index]!, replacedBy: target };
    } else if (key === 'build') {
      const eq = rest.indexOf('=');
      if (eq > 0) settings[rest.slice(0, eq)] = rest.slice(eq + 1);
    }
  }
  return { ...(path === undefined ? {} : { path }), ...(module === undefined ? {} : { module }), sdkDeps, settings };
}

/** Dependencies that are proxy-wasm SDKs (or the Higress plugin framework built on one). */
const SDK_PATH = /proxy-wasm|wasm-go|higress/i;
const MAX_SDK_DEPS = 20;

/** The Higress Go SDK or its plugin framework (wasm-go): a module built for Higress. */
export const HIGRESS_GO_SDK = /^github\.com\/(higress-group\/(proxy-wasm-go-sdk|wasm-go)|alibaba\/higress\/plugins\/wasm-go)(\/|$)/;

/** SDK package paths as they appear in TinyGo, Rust and AssemblyScript function names. */
const SDK_NAMES: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => string]> = [
  [/(github\.com\/[^\s()]*?(?:proxy-wasm-go-sdk|wasm-go))(?=[/.])/, (m) => m[1] ?? ''],
  [/~lib\/(@[^/]+\/[^/]+)\//, (m) => m[1] ?? ''],
  [/(?:^|[^A-Za-z0-9_])(proxy_wasm)::/, (m) => m[1] ?? ''],
  [/^_ZN\d+(proxy_wasm)\d/, (m) => m[1] ?? ''],
];

/** The SDK a non-Go module's function names show, if any. */
function sdkClue(names: () => ReadonlyMap<number, string>): SdkClue | undefined {
  let i = 0;
  for (const n of names().values()) {
    for (const [re, pick] of SDK_NAMES) {
      const m = re.exec(n);
      if (m !== null) return { name: pick(m), evidence: n.length > 120 ? `${n.slice(0, 120)}…` : n };
    }
    if (++i >= 200_000) break;
  }
  return undefined;
}

export interface ToolchainClues {
  /** Where Go's module info may be: the data section (or the whole file when there is none). */
  readonly data: Uint8Array;
  readonly customNames: readonly string[];
  readonly producers: Readonly<Record<string, readonly ProducerValue[]>>;
  /** Function names from the name section, decoded on first use. */
  readonly functionNames: () => ReadonlyMap<number, string>;
  readonly imports: readonly ModuleImport[];
}

function producer(p: ToolchainClues['producers'], field: string, match: RegExp): ProducerValue | undefined {
  return p[field]?.find((v) => match.test(v.name));
}

function someName(names: () => ReadonlyMap<number, string>, test: (n: string) => boolean, limit = 200_000): string | undefined {
  let i = 0;
  for (const n of names().values()) {
    if (test(n)) return n;
    if (++i >= limit) break;
  }
  return undefined;
}

const bare = (v: string): string => v.replace(/^go/, '');

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/**
 * `producers: clang 14.0.6` (every clang version listed, lowest first). The section says which
 * compilers made the objects linked in, e.g. a prebuilt wasi-libc, not necessarily the plugin's
 * own sources (wasm-ld keeps one version per producer name): so it is named for what it is.
 */
function clangVersions(p: ToolchainClues['producers']): string | undefined {
  const versions = [...new Set((p['processed-by'] ?? []).filter((v) => /clang/.test(v.name)).map((v) => v.version.split(' ')[0] ?? ''))].filter((v) => v !== '');
  return versions.length === 0 ? undefined : `producers: clang ${versions.sort(compareVersions).join(', ')}`;
}

export function fingerprint(c: ToolchainClues): Toolchain {
  const p = c.producers;
  const goLang = producer(p, 'language', /^Go$/);
  const hasBuildId = c.customNames.includes('go:buildid');
  if (goLang !== undefined || hasBuildId) {
    const evidence: string[] = [];
    if (goLang) evidence.push(`producers: language Go ${goLang.version}`);
    if (hasBuildId) evidence.push('custom section go:buildid');
    const mod = goModInfo(c.data);
    const go: GoBuildInfo = {
      ...(goLang ? { version: goLang.version } : {}),
      ...(mod?.path === undefined ? {} : { path: mod.path }),
      ...(mod?.module === undefined ? {} : { module: mod.module }),
      sdkDeps: mod?.sdkDeps ?? [],
      settings: mod?.settings ?? {},
    };
    if (mod) evidence.push('embedded Go build info');
    const mode = go.settings['-buildmode'];
    const version = goLang ? bare(goLang.version) : undefined;
    const name = `Go${version ? ` ${version}` : ''}${mode ? ` (-buildmode=${mode})` : ''}`;
    return { id: 'go', name, ...(version ? { version } : {}), evidence, go };
  }
  const tinygo = producer(p, 'processed-by', /tinygo/i);
  const tinygoName = someName(c.functionNames, (n) => n.startsWith('tinygo_') || n.startsWith('runtime.') || n.includes('internal/task.'));
  if (tinygo !== undefined || tinygoName !== undefined) {
    const evidence = [tinygo ? `producers: processed-by ${tinygo.name} ${tinygo.version}` : `function name ${tinygoName}`];
    const sdk = sdkClue(c.functionNames);
    return { id: 'tinygo', name: `TinyGo${tinygo ? ` ${tinygo.version}` : ''}`, ...(tinygo ? { version: tinygo.version } : {}), evidence, ...(sdk ? { sdk } : {}) };
  }
  const rustc = producer(p, 'processed-by', /^rustc$/) ?? producer(p, 'language', /^Rust$/);
  const rustName = someName(c.functionNames, (n) => n === 'rust_begin_unwind' || n.startsWith('__rust_') || /^_ZN.*17h[0-9a-f]{16}E$/.test(n));
  if (rustc !== undefined || rustName !== undefined) {
    const version = rustc?.name === 'rustc' ? rustc.version.split(' ')[0] : undefined;
    const evidence = [rustc ? `producers: ${rustc.name} ${rustc.version}` : `function name ${rustName}`];
    const sdk = sdkClue(c.functionNames);
    return { id: 'rust', name: `Rust${version ? ` ${version}` : ''}`, ...(version ? { version } : {}), evidence, ...(sdk ? { sdk } : {}) };
  }
  const asName = someName(c.functionNames, (n) => n.startsWith('~lib/') || n === '~start');
  if (asName !== undefined) {
    const sdk = sdkClue(c.functionNames);
    return { id: 'assemblyscript', name: 'AssemblyScript', evidence: [`function name ${asName}`], ...(sdk ? { sdk } : {}) };
  }
  const emscripten = producer(p, 'processed-by', /emscripten/i);
  const emImport = c.imports.find((i) => i.name.startsWith('emscripten_') && i.name !== 'emscripten_notify_memory_growth');
  const clang = producer(p, 'processed-by', /clang/);
  const clangText = clangVersions(p);
  if (emscripten !== undefined || emImport !== undefined) {
    const evidence = [emscripten ? `producers: processed-by ${emscripten.name}` : `import ${emImport!.module}.${emImport!.name}`];
    return { id: 'emscripten', name: `C/C++ (Emscripten${emscripten ? ` ${emscripten.version}` : ''})`, evidence };
  }
  const cppLang = producer(p, 'language', /C_plus_plus|C\+\+/);
  const cppName = someName(c.functionNames, (n) => n.startsWith('_Z') || n.startsWith('std::') || n.includes('operator new'));
  if (cppLang !== undefined || (clang !== undefined && cppName !== undefined)) {
    const evidence = [cppLang ? `producers: language ${cppLang.name}` : `function name ${cppName}`];
    if (clang) evidence.push(`producers: processed-by ${clang.name} ${clang.version}`);
    return { id: 'cpp', name: `C++${clangText ? ` (${clangText})` : ''}`, evidence };
  }
  const cLang = producer(p, 'language', /^C\d*$/);
  const cName = someName(c.functionNames, (n) => n === '__wasm_call_ctors' || n === 'dlmalloc' || n === '__original_main');
  if (cLang !== undefined || clang !== undefined || cName !== undefined) {
    const evidence: string[] = [];
    if (cLang) evidence.push(`producers: language ${cLang.name}`);
    if (clang) evidence.push(`producers: processed-by ${clang.name} ${clang.version}`);
    if (cName) evidence.push(`function name ${cName}`);
    return { id: 'c', name: `C${clangText ? ` (${clangText})` : ''}`, evidence };
  }
  return { id: 'unknown', name: 'unknown', evidence: [] };
}

/**
 * The Higress SDK a module was built with, as `path version` (Go build info) or a package path
 * (TinyGo function names); undefined for any other build.
 */
export function higressSdkOf(t: Toolchain): string | undefined {
  const dep = t.go?.sdkDeps.find((d) => HIGRESS_GO_SDK.test(d.path));
  if (dep !== undefined) return `${dep.path} ${dep.version}`.trim();
  return t.sdk !== undefined && HIGRESS_GO_SDK.test(t.sdk.name) ? t.sdk.name : undefined;
}
