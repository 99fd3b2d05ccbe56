/**
 * Custom sections: `name` (function names, parsed as strictly as the host does, because a name
 * section the host cannot parse makes it refuse the module) and `producers` (toolchain metadata).
 */
import { Reader, WalkError } from './reader.js';
import type { ProducerValue } from './types.js';
import type { CustomSection } from './walk.js';

export interface FunctionNames {
  readonly names: Map<number, string>;
  /** Why the host's BytecodeUtil::getFunctionNameIndex would fail, if it would. */
  readonly error?: string;
}

/**
 * Function names from the first `name` section, following
 * proxy-wasm-cpp-host src/bytecode_util.cc getFunctionNameIndex (subsection 1 must end exactly
 * where its declared size says).
 */
export function functionNames(bytes: Uint8Array, section: CustomSection | undefined): FunctionNames {
  const names = new Map<number, string>();
  if (section === undefined) return { names };
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
        names.set(index, sub.name());
      }
      if (!sub.atEnd()) sub.fail('function name subsection size does not match its contents');
      r.pos = end;
    }
    return { names };
  } catch (e) {
    if (e instanceof WalkError) return { names, error: `${e.message} (name section, byte ${e.offset})` };
    throw e;
  }
}

/** The `producers` section (tool-conventions ProducersSection.md); unreadable parts are skipped. */
export function producers(bytes: Uint8Array, section: CustomSection | undefined): Record<string, ProducerValue[]> {
  const out: Record<string, ProducerValue[]> = {};
  if (section === undefined) return out;
  const r = new Reader(bytes, section.start, section.end);
  try {
    for (let n = r.count(2), i = 0; i < n; i++) {
      const field = r.name();
      const values: ProducerValue[] = [];
      for (let m = r.count(2), j = 0; j < m; j++) values.push({ name: r.name(), version: r.name() });
      out[field] = values;
    }
  } catch (e) {
    if (!(e instanceof WalkError)) throw e;
  }
  return out;
}
