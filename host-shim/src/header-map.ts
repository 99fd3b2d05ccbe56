/**
 * A header map as Envoy's HeaderMapImpl behaves for proxy-wasm: keys lower-cased on every
 * write (LowerCaseString), pseudo-headers kept before regular ones, get returns the first value,
 * replace = remove all + add (http_set_copy_replace_all_headers), byteSize = Σ key+value bytes.
 */
import { utf8 } from './bytes.js';
import type { HeaderPairs } from './types.js';

export class HeaderMap {
  private readonly entries: Array<[string, string]> = [];

  constructor(pairs: HeaderPairs = []) {
    for (const [k, v] of pairs) this.add(k, v);
  }

  get size(): number {
    return this.entries.length;
  }

  get(key: string): string | undefined {
    const k = key.toLowerCase();
    return this.entries.find(([ek]) => ek === k)?.[1];
  }

  add(key: string, value: string): void {
    const k = key.toLowerCase();
    if (k.startsWith(':')) {
      const firstRegular = this.entries.findIndex(([ek]) => !ek.startsWith(':'));
      this.entries.splice(firstRegular < 0 ? this.entries.length : firstRegular, 0, [k, value]);
    } else {
      this.entries.push([k, value]);
    }
  }

  replace(key: string, value: string): void {
    this.remove(key);
    this.add(key, value);
  }

  remove(key: string): void {
    const k = key.toLowerCase();
    for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i]?.[0] === k) this.entries.splice(i, 1);
  }

  setPairs(pairs: HeaderPairs): void {
    this.entries.length = 0;
    for (const [k, v] of pairs) this.add(k, v);
  }

  byteSize(): number {
    return this.entries.reduce((n, [k, v]) => n + utf8(k).length + utf8(v).length, 0);
  }

  pairs(): Array<[string, string]> {
    return this.entries.map(([k, v]) => [k, v]);
  }

  clone(): HeaderMap {
    return new HeaderMap(this.entries);
  }
}
