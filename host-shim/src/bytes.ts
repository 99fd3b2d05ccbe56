/** Byte helpers shared by the ABI areas: UTF-8, little-endian words, the pairs wire format. */
import type { BodyInput, HeaderPairs } from './types.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

export const EMPTY = new Uint8Array(0);

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Decodes as Envoy treats header/property bytes: as a byte string (invalid UTF-8 replaced). */
export function text(b: Uint8Array): string {
  return decoder.decode(b);
}

export function toBytes(b: BodyInput): Uint8Array {
  return typeof b === 'string' ? utf8(b) : b;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function u32le(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
}

export function u64le(n: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, n), true);
  return b;
}

export function f64le(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, n, true);
  return b;
}

/** PROXY_WASM_HOST_PAIRS_MAX_BYTES / _MAX_COUNT (include/proxy-wasm/limits.h). */
export const PAIRS_MAX_BYTES = 1024 * 1024;
export const PAIRS_MAX_COUNT = 1024;

/** Byte pairs as the wire carries them (keys/values are arbitrary bytes). */
export type BytePairs = Array<[Uint8Array, Uint8Array]>;

/** Serializes pairs: u32 count, count × (u32 klen, u32 vlen), then `key\0value\0` each (src/pairs_util.cc). */
export function serializePairs(pairs: HeaderPairs | BytePairs): Uint8Array {
  const bin = pairs.map(([k, v]) => [typeof k === 'string' ? utf8(k) : k, typeof v === 'string' ? utf8(v) : v] as const);
  const size = 4 + bin.reduce((n, [k, v]) => n + 8 + k.length + 1 + v.length + 1, 0);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, bin.length, true);
  let at = 4;
  for (const [k, v] of bin) {
    dv.setUint32(at, k.length, true);
    dv.setUint32(at + 4, v.length, true);
    at += 8;
  }
  for (const [k, v] of bin) {
    out.set(k, at);
    at += k.length + 1;
    out.set(v, at);
    at += v.length + 1;
  }
  return out;
}

/**
 * Parses the pairs format like PairsUtil::toPairs: anything malformed (too big, too many pairs,
 * overrun, missing NUL, trailing bytes) gives an empty list, silently.
 */
export function parsePairs(buf: Uint8Array): BytePairs {
  if (buf.length > PAIRS_MAX_BYTES || buf.length < 4) return [];
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = dv.getUint32(0, true);
  if (n > PAIRS_MAX_COUNT || 4 + n * 8 > buf.length) return [];
  const sizes: Array<[number, number]> = [];
  let at = 4;
  for (let i = 0; i < n; i++) {
    sizes.push([dv.getUint32(at, true), dv.getUint32(at + 4, true)]);
    at += 8;
  }
  const out: BytePairs = [];
  for (const [kl, vl] of sizes) {
    if (at + kl + 1 > buf.length || buf[at + kl] !== 0) return [];
    const k = buf.slice(at, at + kl);
    at += kl + 1;
    if (at + vl + 1 > buf.length || buf[at + vl] !== 0) return [];
    const v = buf.slice(at, at + vl);
    at += vl + 1;
    out.push([k, v]);
  }
  return at === buf.length ? out : [];
}

export function pairsToStrings(p: BytePairs): Array<[string, string]> {
  return p.map(([k, v]) => [text(k), text(v)]);
}
