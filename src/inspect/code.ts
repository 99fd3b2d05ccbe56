/**
 * Direct-call reachability over the code section: which imported functions a given function can
 * reach through `call` / `return_call`. Used to tell whether a command module's `_start` ends in
 * `proc_exit`. Indirect calls are not followed, and an opcode this decoder does not know stops the
 * scan of that function (the answer is then "not found", never a guess).
 */
import { functionBodies, Reader, WalkError, type ByteRange } from 'proxy-wasm-host-mock/binary';

class Unknown extends Error {}

function memarg(r: Reader): void {
  const align = r.u32();
  if (align & 0x40) r.u32(); // multi-memory: memory index follows
  r.u64();
}

function blockType(r: Reader): void {
  r.s33();
}

/** Calls `onCall(funcIndex)` for each direct call in the body `[start, end)`. */
function scanBody(r: Reader, onCall: (f: number) => void): void {
  for (let n = r.count(2), i = 0; i < n; i++) {
    r.u32();
    const t = r.u8();
    if (t < 0x6f) throw new Unknown();
  }
  while (!r.atEnd()) {
    const op = r.u8();
    if (op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || op === 0x19 || op === 0x0a) continue;
    if (op >= 0x45 && op <= 0xc4) continue;
    if (op >= 0x28 && op <= 0x3e) { memarg(r); continue; }
    switch (op) {
      case 0x02: case 0x03: case 0x04: case 0x06: blockType(r); break;
      case 0x07: case 0x08: case 0x09: case 0x18: r.u32(); break;
      case 0x0c: case 0x0d: r.u32(); break;
      case 0x0e: for (let k = r.count(), j = 0; j <= k; j++) r.u32(); break;
      case 0x10: case 0x12: onCall(r.u32()); break;
      case 0x11: case 0x13: r.u32(); r.u32(); break;
      case 0x1c: for (let k = r.count(), j = 0; j < k; j++) r.u8(); break;
      case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26: r.u32(); break;
      case 0x3f: case 0x40: r.u32(); break;
      case 0x41: r.skipLeb(5); break;
      case 0x42: r.skipLeb(10); break;
      case 0x43: r.skip(4); break;
      case 0x44: r.skip(8); break;
      case 0xd0: r.s33(); break;
      case 0xd1: break;
      case 0xd2: r.u32(); break;
      case 0xfc: prefixFC(r); break;
      case 0xfd: prefixFD(r); break;
      case 0xfe: {
        const sub = r.u32();
        if (sub === 0x03) r.u8();
        else memarg(r);
        break;
      }
      default: throw new Unknown();
    }
  }
}

function prefixFC(r: Reader): void {
  const sub = r.u32();
  if (sub <= 7) return;
  if (sub === 8 || sub === 10 || sub === 12 || sub === 14) { r.u32(); r.u32(); return; }
  if (sub <= 17) { r.u32(); return; }
  throw new Unknown();
}

function prefixFD(r: Reader): void {
  const sub = r.u32();
  if (sub <= 11 || sub === 92 || sub === 93) memarg(r);
  else if (sub === 12 || sub === 13) r.skip(16);
  else if (sub >= 21 && sub <= 34) r.u8();
  else if (sub >= 84 && sub <= 91) { memarg(r); r.u8(); }
}

/**
 * Whether function `from` reaches one of the functions in `targets` through direct calls.
 * Visits each function at most once, so it ends on any input.
 */
export function reachesDirectly(
  bytes: Uint8Array,
  code: ByteRange | undefined,
  importedFunctions: number,
  from: number,
  targets: ReadonlySet<number>,
): boolean {
  if (code === undefined) return false;
  let bodies: ByteRange[];
  try {
    bodies = functionBodies(bytes, code);
  } catch (e) {
    if (e instanceof WalkError) return false;
    throw e;
  }
  const seen = new Set<number>([from]);
  const queue = [from];
  let found = false;
  while (queue.length > 0 && !found) {
    const f = queue.pop()!;
    const body = bodies[f - importedFunctions];
    if (body === undefined) continue;
    try {
      scanBody(new Reader(bytes, body.start, body.end), (callee) => {
        if (targets.has(callee)) found = true;
        else if (!seen.has(callee)) {
          seen.add(callee);
          queue.push(callee);
        }
      });
    } catch (e) {
      if (!(e instanceof Unknown || e instanceof WalkError)) throw e;
    }
  }
  return found;
}
