/** The `producers` custom section (toolchain metadata); the `name` section is read by the walker. */
import { Reader, WalkError, type CustomSection } from 'proxy-wasm-host-mock/binary';
import type { ProducerValue } from './types.js';

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
