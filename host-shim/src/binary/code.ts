/** The code section: where each function body lies (the host maps trap offsets to functions with it). */
import { Reader } from './reader.js';
import type { ByteRange } from './types.js';

/**
 * Byte ranges of the function bodies, in code-section order (function index = imported functions
 * + position). Throws WalkError on a malformed code section.
 */
export function functionBodies(bytes: Uint8Array, code: ByteRange): ByteRange[] {
  const r = new Reader(bytes, code.start, code.end);
  const out: ByteRange[] = [];
  for (let n = r.count(), i = 0; i < n; i++) {
    const size = r.u32();
    const start = r.pos;
    r.skip(size);
    out.push({ start, end: start + size });
  }
  return out;
}
