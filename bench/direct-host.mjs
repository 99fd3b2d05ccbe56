/**
 * The direct host: the least work V8 must do for what a default verification does. A minimal
 * proxy-wasm host with no checks, no trace, no findings — header maps as arrays, buffers as
 * bytes, every other host function a stub answering Ok, WASI from node:wasi — that starts the
 * plugin like a gateway worker (_initialize, context create, vm_start, configure with the
 * plugin's configuration) and drives the same request cycles as the built-in scenarios
 * (headers, body chunks and the empty end_of_stream chunk, response headers, body, log, done,
 * delete). The bench's baseline; not part of wasm-verify.
 *
 *   node bench/direct-host.mjs plugin.wasm scenarios.json [config-file] [--repeat-first N] [--cycles N]
 *
 * scenarios.json: [{ name, request: { headers, body }, upstream: { headers, body } }] (bench/run.mjs
 * writes it from the built-ins). --repeat-first N: after the scenarios, N more cycles of the
 * first one (a default verification's memory-growth repeats). --cycles N: N cycles per scenario
 * on the warm VM, then one JSON line { scenario: cycles per second } on stdout.
 */
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args.splice(i, 2)[1]) : dflt;
};
const repeatFirst = opt('--repeat-first', 0);
const cycles = opt('--cycles', 0);
const [wasmFile, scenariosFile, configFile] = args;
const config = configFile ? readFileSync(configFile) : new Uint8Array(0);
const scenarios = JSON.parse(readFileSync(scenariosFile, 'utf8'));

const enc = new TextEncoder();
const dec = new TextDecoder();
const module = new WebAssembly.Module(readFileSync(wasmFile));
let exp; // instance exports
let mem = new Uint8Array(0);
const view = () => (mem.buffer === exp.memory.buffer ? mem : (mem = new Uint8Array(exp.memory.buffer)));
const u32 = (ptr, v) => new DataView(exp.memory.buffer).setUint32(ptr, v, true);
const str = (ptr, len) => dec.decode(view().subarray(ptr, ptr + len));
const alloc = (bytes) => {
  const fn = exp.proxy_on_memory_allocate ?? exp.malloc;
  const p = fn(bytes.length);
  view().set(bytes, p);
  return p;
};
const give = (bytes, ptrPtr, sizePtr) => {
  u32(ptrPtr, bytes.length === 0 ? 0 : alloc(bytes));
  u32(sizePtr, bytes.length);
  return 0;
};

// Per-stream state: header maps (0 request, 1 request trailers, 2 response, 3 response trailers)
// and the buffers the plugin reads (0 request body, 1 response body, 7 plugin configuration).
let maps = [[], [], [], []];
const buffers = new Map([[7, config]]);
let localReply = false;

function encodePairs(pairs) {
  const parts = pairs.map(([k, v]) => [enc.encode(k), enc.encode(v)]);
  let size = 4;
  for (const [k, v] of parts) size += 8 + k.length + v.length + 2;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, parts.length, true);
  let at = 4;
  parts.forEach(([k, v], i) => {
    dv.setUint32(4 + i * 8, k.length, true);
    dv.setUint32(8 + i * 8, v.length, true);
  });
  at = 4 + parts.length * 8;
  for (const [k, v] of parts) {
    out.set(k, at);
    at += k.length + 1;
    out.set(v, at);
    at += v.length + 1;
  }
  return out;
}

function decodePairs(ptr, size) {
  const b = view().subarray(ptr, ptr + size);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const n = dv.getUint32(0, true);
  const out = [];
  let at = 4 + n * 8;
  for (let i = 0; i < n; i++) {
    const kl = dv.getUint32(4 + i * 8, true);
    const vl = dv.getUint32(8 + i * 8, true);
    const k = dec.decode(b.subarray(at, at + kl));
    at += kl + 1;
    out.push([k, dec.decode(b.subarray(at, at + vl))]);
    at += vl + 1;
  }
  return out;
}

const env = {
  proxy_log: () => 0,
  proxy_get_log_level: (p) => (u32(p, 2), 0),
  proxy_get_buffer_bytes: (type, start, len, ptrPtr, sizePtr) => {
    const b = buffers.get(type);
    if (b === undefined) return 1;
    return give(b.subarray(start, start + len), ptrPtr, sizePtr);
  },
  proxy_get_buffer_status: (type, lenPtr, flagsPtr) => {
    const b = buffers.get(type);
    if (b === undefined) return 1;
    u32(lenPtr, b.length);
    u32(flagsPtr, 0);
    return 0;
  },
  proxy_set_buffer_bytes: (type, start, len, ptr, size) => {
    const old = buffers.get(type) ?? new Uint8Array(0);
    const data = view().slice(ptr, ptr + size);
    const out = start === 0 && len >= old.length ? data : new Uint8Array([...old.subarray(0, start), ...data, ...old.subarray(start + len)]);
    buffers.set(type, out);
    return 0;
  },
  proxy_get_header_map_pairs: (t, ptrPtr, sizePtr) => give(encodePairs(maps[t] ?? []), ptrPtr, sizePtr),
  proxy_set_header_map_pairs: (t, ptr, size) => ((maps[t] = decodePairs(ptr, size)), 0),
  proxy_get_header_map_size: (t, p) => (u32(p, encodePairs(maps[t] ?? []).length), 0),
  proxy_get_header_map_value: (t, kp, kl, ptrPtr, sizePtr) => {
    const k = str(kp, kl);
    const hit = (maps[t] ?? []).find(([name]) => name === k);
    return hit === undefined ? 1 : give(enc.encode(hit[1]), ptrPtr, sizePtr);
  },
  proxy_add_header_map_value: (t, kp, kl, vp, vl) => (maps[t].push([str(kp, kl), str(vp, vl)]), 0),
  proxy_replace_header_map_value: (t, kp, kl, vp, vl) => {
    const k = str(kp, kl);
    maps[t] = maps[t].filter(([name]) => name !== k);
    maps[t].push([k, str(vp, vl)]);
    return 0;
  },
  proxy_remove_header_map_value: (t, kp, kl) => {
    const k = str(kp, kl);
    maps[t] = maps[t].filter(([name]) => name !== k);
    return 0;
  },
  proxy_get_property: () => 1,
  proxy_define_metric: (_t, _np, _nl, idPtr) => (u32(idPtr, 1), 0),
  proxy_send_local_response: () => ((localReply = true), 0),
};

const wasi = new WASI({ version: 'preview1', returnOnExit: true });
const imports = wasi.getImportObject();
for (const i of WebAssembly.Module.imports(module)) {
  if (i.kind !== 'function' || imports[i.module]?.[i.name]) continue;
  (imports[i.module] ??= {})[i.name] = env[i.name] ?? (() => 0);
}
const instance = new WebAssembly.Instance(module, imports);
exp = instance.exports;
if (exp._initialize) wasi.initialize(instance);
else if (exp._start) wasi.start(instance);

const ROOT = 1;
exp.proxy_on_context_create?.(ROOT, 0);
if (exp.proxy_on_vm_start?.(ROOT, 0) === 0) throw new Error('proxy_on_vm_start failed');
if (exp.proxy_on_configure?.(ROOT, config.length) === 0) throw new Error('proxy_on_configure failed');

let nextId = 2;
/** One request cycle as the built-in scenarios drive it (body chunks, then an empty end_of_stream chunk). */
function cycle(s) {
  const id = nextId++;
  maps = [s.request.headers.map((p) => [...p]), [], [], []];
  localReply = false;
  exp.proxy_on_context_create?.(id, ROOT);
  send(id, s.request, 'request', 0);
  if (!localReply) {
    maps[2] = s.upstream.headers.map((p) => [...p]);
    send(id, s.upstream, 'response', 1);
  }
  exp.proxy_on_log?.(id);
  exp.proxy_on_done?.(id);
  exp.proxy_on_delete?.(id);
}

function send(id, side, dir, bufferType) {
  const headers = exp[`proxy_on_${dir}_headers`];
  const body = exp[`proxy_on_${dir}_body`];
  headers?.(id, maps[bufferType * 2].length, side.body.length === 0 ? 1 : 0);
  if (side.body.length === 0 || localReply) return;
  let buffered = new Uint8Array(0);
  for (const [i, chunk] of [...side.body, ''].entries()) {
    const bytes = enc.encode(chunk);
    const joined = new Uint8Array(buffered.length + bytes.length);
    joined.set(buffered);
    joined.set(bytes, buffered.length);
    buffers.set(bufferType, joined);
    const action = body?.(id, joined.length, i === side.body.length ? 1 : 0) ?? 0;
    // StopIterationAndBuffer (1) keeps what arrived for the next call; Continue passes it on.
    buffered = action === 1 ? (buffers.get(bufferType) ?? joined) : new Uint8Array(0);
    if (localReply) return;
  }
}

if (cycles > 0) {
  const rates = {};
  for (const s of scenarios) {
    for (let i = 0; i < Math.min(100, cycles); i++) cycle(s); // warm
    const t = performance.now();
    for (let i = 0; i < cycles; i++) cycle(s);
    rates[s.name] = Math.round(cycles / ((performance.now() - t) / 1000));
  }
  console.log(JSON.stringify(rates));
} else {
  for (const s of scenarios) cycle(s);
  for (let i = 0; i < repeatFirst; i++) cycle(scenarios[0]);
}
exp.proxy_on_done?.(ROOT);
exp.proxy_on_delete?.(ROOT);
