/** `wasm-verify inspect`: what the module is, as read from its bytes (human or JSON). */
import { cutStrings } from '../names.js';
import { ABI_MARKERS } from 'proxy-wasm-host-mock/symbols';
import { formatSig } from '../checks/helpers.js';
import { autoHostFor } from '../auto-host.js';
import type { InspectReport } from '../index.js';
import type { ModuleInfo } from '../inspect/types.js';
import { style } from './style.js';

function problemText(r: InspectReport): string | undefined {
  const p = r.problem;
  if (p === null) return r.compileError === null ? undefined : `V8 rejects it: ${r.compileError}`;
  switch (p.kind) {
    case 'not-wasm': return `not a WebAssembly module: ${p.detail}`;
    case 'component': return `a WebAssembly component (version ${p.version}), not a core module`;
    case 'corrupt': return `corrupt: ${p.detail}`;
    case 'unsupported': return `uses ${p.feature}`;
  }
}

function limitsText(m: ModuleInfo['memories'][number]): string {
  const l = m.limits;
  return `${m.imported ? 'imported' : 'defined'}, min ${l.min} pages${l.max === undefined ? '' : `, max ${l.max}`}${l.shared ? ', shared' : ''}`;
}

/** What the build recorded: Go build info (module, SDK dependencies, settings), else the SDK the names show and the producers. */
function buildLines(m: ModuleInfo): string[] {
  const out: string[] = [];
  const go = m.toolchain.go;
  const mod = (d: { path: string; version: string; replacedBy?: string }): string => `${d.path} ${d.version}`.trim() + (d.replacedBy === undefined ? '' : ` => ${d.replacedBy}`);
  if (go?.module !== undefined) out.push(`  go module  ${mod(go.module)}${go.path !== undefined && go.path !== go.module.path ? `  (package ${go.path})` : ''}`);
  else if (go?.path !== undefined) out.push(`  go module  (package ${go.path})`);
  if (go !== undefined && go.sdkDeps.length > 0) out.push(`  sdk        ${go.sdkDeps.map(mod).join('; ')}`);
  if (go !== undefined && Object.keys(go.settings).length > 0) {
    out.push(`  go build   ${Object.entries(go.settings).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  }
  const sdk = m.toolchain.sdk;
  if (sdk !== undefined) out.push(`  sdk        ${sdk.name}  (function name ${sdk.evidence})`);
  if (go === undefined) {
    const fields = Object.entries(m.producers).map(([field, values]) => `${field} ${values.map((v) => `${v.name}${v.version === '' ? '' : ` ${v.version}`}`).join(', ')}`);
    if (fields.length > 0) out.push(`  producers  ${fields.join('; ')}`);
  }
  return out;
}

function humanModule(m: ModuleInfo): string[] {
  const fnExport = (n: string): boolean => m.exports.some((e) => e.kind === 'function' && e.name === n);
  const allocator = fnExport('malloc') ? 'malloc' : fnExport('proxy_on_memory_allocate') ? 'proxy_on_memory_allocate' : 'none';
  const start = m.startMode === 'reactor' ? 'reactor (_initialize)' : m.startMode === 'command' ? 'command (_start)' : 'none';
  const markers = m.markers.map((n) => (ABI_MARKERS[n] ? n : `${n} (unknown)`));
  const memExports = m.exports.filter((e) => e.kind === 'memory').map((e) => `"${e.name}"`);
  const go = m.toolchain.go;
  const lines = [
    `  toolchain  ${m.toolchain.name}${m.toolchain.evidence.length ? `  (${m.toolchain.evidence.join('; ')})` : ''}`,
  ];
  lines.push(...buildLines(m));
  lines.push(
    `  start      ${start}`,
    `  abi        ${markers.length ? markers.join(', ') : 'no proxy_abi_version_* export'}`,
    `  memory     ${m.memories.length ? m.memories.map(limitsText).join('; ') : 'none'}${memExports.length ? `; exported as ${memExports.join(', ')}` : ''}`,
    `  allocator  ${allocator}`,
    `  auto host  ${autoHostFor(m)}`,
    '',
    `  imports (${m.imports.length})`,
  );
  const iw = Math.max(0, ...m.imports.map((i) => i.module.length + i.name.length + 1));
  for (const i of m.imports) {
    const what = i.signature ? formatSig(i.signature) : i.kind;
    lines.push(`    ${`${i.module}.${i.name}`.padEnd(iw)}  ${what}`);
  }
  lines.push('', `  exports (${m.exports.length}, in order)`);
  const ew = Math.max(0, ...m.exports.map((e) => e.name.length));
  for (const e of m.exports) lines.push(`    ${e.name.padEnd(ew)}  ${e.signature ? formatSig(e.signature) : e.kind}`);
  const customs = m.sections.filter((s) => s.id === 0).map((s) => `${s.name.slice(7)} (${s.size} bytes)`);
  lines.push('', `  custom sections  ${customs.length ? customs.join(', ') : 'none'}`);
  return lines;
}

/** The report with the module's own names cut (the lazily computed sha256 is left alone). */
function cutNames(r: InspectReport): InspectReport {
  const m = r.module;
  if (m === null) return r;
  const module = Object.create(Object.getPrototypeOf(m) as object | null, Object.getOwnPropertyDescriptors(m)) as Record<string, unknown>;
  for (const k of ['sections', 'imports', 'exports', 'markers', 'producers', 'toolchain', 'nameSectionError'] as const) {
    const d = Object.getOwnPropertyDescriptor(m, k);
    if (d !== undefined && 'value' in d) Object.defineProperty(module, k, { ...d, value: cutStrings(d.value) });
  }
  return { ...r, module: module as unknown as ModuleInfo };
}

export function formatInspect(full: InspectReport, format: 'human' | 'json', color = false): string {
  // Import, export, section and producer names are the module author's data: cut long ones.
  const r = cutNames(full);
  if (format === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  const s = style(color);
  const lines = [`${s.bold(r.file)}  ${r.size} bytes${r.module ? `  sha256 ${r.module.sha256}` : ''}`];
  const problem = problemText(r);
  if (problem !== undefined) lines.push(`  ${s.red('problem')}    ${problem}`);
  if (r.module !== null) lines.push(...humanModule(r.module));
  return `${lines.join('\n')}\n`;
}
