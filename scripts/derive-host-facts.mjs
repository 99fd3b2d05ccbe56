#!/usr/bin/env node
/**
 * Derives host-shim/src/profiles/facts/host-facts.json from proxy-wasm-cpp-host sources: for each
 * commit a gateway release pins, what that host registers and how it behaves, read from
 *   include/proxy-wasm/exports.h   FOR_ALL_HOST_FUNCTIONS(_ABI_SPECIFIC), FOR_ALL_WASI_FUNCTIONS, declarations
 *   src/bytecode_util.cc           proxy_abi_version_* markers
 *   src/exports.cc                 wasi_unstable_poll_oneoff's answer
 *   src/wasm.cc                    WasmBase::startVm restricted-callback allow-list
 *   include/proxy-wasm/wasm.h      WasmBase::allocMemory allow-list
 * Usage: node scripts/derive-host-facts.mjs UCH_GIT_DIR HCH_GIT_DIR > host-shim/src/profiles/facts/host-facts.json
 * (git directories of proxy-wasm/proxy-wasm-cpp-host and higress-group/proxy-wasm-cpp-host).
 * docs/hosts.md explains when to run it. Needs git; not run by the tests.
 */
import { execFileSync } from 'node:child_process';

const [uchDir, hchDir] = process.argv.slice(2);
if (!uchDir || !hchDir) {
  process.stderr.write('usage: derive-host-facts.mjs UCH_GIT_DIR HCH_GIT_DIR\n');
  process.exit(2);
}
const REPOS = {
  'proxy-wasm/proxy-wasm-cpp-host': { dir: uchDir, commits: ['8aa8053', '5d76116', 'e200fee', 'f199214', 'c4d7bb0', '65bb78f', 'c8868da', 'beb8a4e', '09e5f8d', '52a0291'] },
  'higress-group/proxy-wasm-cpp-host': { dir: hchDir, commits: ['7850d17', '503d013', '913c1b0'] },
};

const git = (dir, ...args) => execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const show = (dir, commit, path) => git(dir, 'show', `${commit}:${path}`);
const stripComments = (s) => s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');

function macroNames(src, macro) {
  const m = new RegExp(`#define ${macro}\\(_f\\)((?:[^\\n]*\\\\\\n)*[^\\n]*)`).exec(src);
  if (!m) return [];
  return [...m[1].matchAll(/_f\((\w+)\)/g)].map((x) => x[1]);
}

const TYPE = { Word: 'i32', int64_t: 'i64', uint64_t: 'i64' };
/** `Word name(Word a, int64_t b)` declarations of exports.h, as wasm signatures. */
function declarations(src) {
  const out = {};
  for (const m of src.matchAll(/^(Word|void)\s+(\w+)\(([^)]*)\);/gm)) {
    const params = m[3].trim() === '' ? [] : m[3].split(',').map((p) => {
      const t = p.trim().split(/\s+/)[0];
      if (!(t in TYPE)) throw new Error(`unknown parameter type ${t} in ${m[2]}`);
      return TYPE[t];
    });
    out[m[2]] = { params, results: m[1] === 'void' ? [] : ['i32'] };
  }
  return out;
}

/** The string literals of the first setRestrictedCallback(true, {...}) in `body`, or null. */
function allowList(body) {
  const m = /setRestrictedCallback\(\s*true,\s*\{([\s\S]*?)\}\s*\)/.exec(body);
  if (!m) return null;
  const names = [...m[1].matchAll(/"([\w.]+)"/g)].map((x) => x[1]);
  const out = [];
  for (const n of names) {
    const [mod, fn] = n.split('.');
    const key = mod === 'env' ? n : fn;
    if (!out.includes(key)) out.push(key);
  }
  return out.sort();
}

function functionBody(src, signatureRe) {
  const start = src.search(signatureRe);
  if (start < 0) return null;
  let depth = 0;
  for (let i = src.indexOf('{', start); i < src.length; i++) {
    if (src[i] === '{') depth++;
    else if (src[i] === '}' && --depth === 0) return src.slice(start, i + 1);
  }
  return null;
}

const hosts = {};
for (const [repo, { dir, commits }] of Object.entries(REPOS)) {
  for (const short of commits) {
    const commit = git(dir, 'rev-parse', short).trim();
    const date = git(dir, 'show', '-s', '--format=%cs', commit).trim();
    const exportsH = stripComments(show(dir, commit, 'include/proxy-wasm/exports.h'));
    const decl = declarations(exportsH);
    const sigOf = (name, c) => {
      const s = decl[c];
      if (!s) throw new Error(`${repo}@${short}: no declaration for ${c}`);
      return s;
    };
    const hostNames = [...macroNames(exportsH, 'FOR_ALL_HOST_FUNCTIONS'), ...macroNames(exportsH, 'FOR_ALL_HOST_FUNCTIONS_ABI_SPECIFIC')];
    const wasiNames = macroNames(exportsH, 'FOR_ALL_WASI_FUNCTIONS');
    const hostFunctions = Object.fromEntries(hostNames.sort().map((n) => [`proxy_${n}`, sigOf(n, n)]));
    const wasiFunctions = Object.fromEntries(wasiNames.sort().map((n) => [n, sigOf(n, `wasi_unstable_${n}`)]));
    const markers = [...new Set([...show(dir, commit, 'src/bytecode_util.cc').matchAll(/"proxy_abi_version_(\d+)_(\d+)_(\d+)"/g)].map((m) => `${m[1]}.${m[2]}.${m[3]}`))];
    let pollOneoff = null;
    if (wasiNames.includes('poll_oneoff')) {
      const body = functionBody(stripComments(show(dir, commit, 'src/exports.cc')), /Word wasi_unstable_poll_oneoff\(/);
      const returns = [...(body ?? '').matchAll(/return\s+(\d+)\s*;/g)].map((m) => Number(m[1]));
      pollOneoff = { returns: returns.at(-1) ?? null, writesNevents: /setWord\(\s*nevents/.test(body ?? '') };
    }
    const startVm = functionBody(stripComments(show(dir, commit, 'src/wasm.cc')), /void WasmBase::startVm\(/);
    const alloc = functionBody(stripComments(show(dir, commit, 'include/proxy-wasm/wasm.h')), /inline void \*WasmBase::allocMemory\(/);
    hosts[`${repo.startsWith('higress') ? 'hch' : 'uch'}-${short}`] = {
      repo,
      commit,
      date,
      files: ['include/proxy-wasm/exports.h', 'src/bytecode_util.cc', 'src/exports.cc', 'src/wasm.cc', 'include/proxy-wasm/wasm.h'],
      abiVersions: markers,
      hostFunctions,
      wasiFunctions,
      pollOneoff,
      startAllowList: allowList(startVm ?? ''),
      allocatorAllowList: allowList(alloc ?? ''),
    };
  }
}
process.stdout.write(`${JSON.stringify({ generatedBy: 'scripts/derive-host-facts.mjs', hosts }, null, 1)}\n`);
