#!/usr/bin/env node
// Prints the ABI-relevant exports and every import of Go sample modules, and fails when one
// lacks what a proxy-wasm host needs from a Go 1.24 reactor (marker, _initialize, allocator,
// memory). Usage: node check-exports.mjs [file.wasm ...] (default: ../build/go-*.wasm).
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const buildDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'build');
const files = process.argv.slice(2);
if (files.length === 0) {
  for (const f of readdirSync(buildDir).sort()) if (/^go-.*\.wasm$/.test(f)) files.push(join(buildDir, f));
}

let failed = false;
for (const file of files) {
  const mod = new WebAssembly.Module(readFileSync(file));
  const exports = WebAssembly.Module.exports(mod);
  const names = new Set(exports.map((e) => e.name));
  const markers = exports.filter((e) => e.name.startsWith('proxy_abi_version_')).map((e) => e.name);
  const memories = exports.filter((e) => e.kind === 'memory').map((e) => e.name);
  const problems = [];
  if (markers.length !== 1) problems.push(`${markers.length} ABI markers`);
  if (!names.has('_initialize')) problems.push('no _initialize');
  if (!names.has('proxy_on_memory_allocate')) problems.push('no proxy_on_memory_allocate');
  if (memories.length !== 1) problems.push(`${memories.length} exported memories`);
  const imports = WebAssembly.Module.imports(mod).map((i) => `${i.module}.${i.name}`);
  console.log(`${file}\n  marker: ${markers.join(', ')}  memory: ${memories.join(', ')}`);
  console.log(`  exports: ${exports.filter((e) => e.kind === 'function').map((e) => e.name).join(' ')}`);
  console.log(`  imports (${imports.length}, in order): ${imports.join(' ')}`);
  if (problems.length > 0) {
    failed = true;
    console.log(`  PROBLEMS: ${problems.join('; ')}`);
  }
}
process.exit(failed ? 1 : 0);
