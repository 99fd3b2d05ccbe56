/**
 * The `name` custom section: function names, parsed as strictly as the host does (a name section
 * the host cannot parse makes it refuse the module), decoded only when someone needs them.
 */
import { Reader, WalkError } from './reader.js';
import type { CustomSection, WalkedModule } from './types.js';

/** Where each function name sits in the `name` section (decoded only when a caller needs it). */
export interface FunctionNames {
  /** Why the host's BytecodeUtil::getFunctionNameIndex would fail, if it would. */
  readonly error?: string;
  /** Decodes the names read before any error (lazily; the walk only checks the structure). */
  readonly read: () => Map<number, string>;
}

/** The first custom section called `name`, as the host looks it up (BytecodeUtil::getCustomSection). */
export function customSection(walked: WalkedModule, name: string): CustomSection | undefined {
  return walked.customs.find((c) => c.name === name);
}

/**
 * Checks the first `name` section the way proxy-wasm-cpp-host src/bytecode_util.cc
 * getFunctionNameIndex does (subsection 1 must end exactly where its declared size says), and
 * returns a reader for the function names.
 */
export function functionNames(bytes: Uint8Array, section: CustomSection | undefined): FunctionNames {
  const spans: number[] = [];
  const read = (): Map<number, string> => {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const names = new Map<number, string>();
    for (let i = 0; i < spans.length; i += 3) names.set(spans[i]!, buf.toString('utf8', spans[i + 1]!, spans[i + 2]!));
    return names;
  };
  if (section === undefined) return { read };
  const r = new Reader(bytes, section.start, section.end);
  try {
    while (!r.atEnd()) {
      const id = r.u8();
      const size = r.u32();
      if (size > r.remaining) r.fail(`name subsection ${id} of ${size} bytes runs past the section`);
      const end = r.pos + size;
      if (id !== 1) {
        r.pos = end;
        continue;
      }
      const sub = new Reader(bytes, r.pos, end);
      for (let n = sub.count(2), i = 0; i < n; i++) {
        const index = sub.u32();
        const len = sub.u32();
        const at = sub.pos;
        sub.skip(len);
        spans.push(index, at, at + len);
      }
      if (!sub.atEnd()) sub.fail('function name subsection size does not match its contents');
      r.pos = end;
    }
    return { read };
  } catch (e) {
    if (e instanceof WalkError) return { read, error: `${e.message} (name section, byte ${e.offset})` };
    throw e;
  }
}
