/**
 * The SHA-256 of a module, computed when something reads it: the JSON, SARIF and inspect outputs
 * show it, the human verdict does not, and hashing a 3 MB module (plus loading node:crypto)
 * costs the --static path a few milliseconds.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Makes `target.sha256` (already a key of it, so the key order stays) the hex SHA-256 of `source`
 * (bytes, or a function giving the digest), computed on first read. The first read turns it into a plain
 * read-only value and lets go of the bytes.
 */
export function lazySha256<T extends { readonly sha256: string }>(target: T, source: Uint8Array | (() => string)): T {
  Object.defineProperty(target, 'sha256', {
    enumerable: true,
    configurable: true,
    get(this: T): string {
      const value = typeof source === 'function' ? source() : sha256(source);
      Object.defineProperty(this, 'sha256', { value, enumerable: true, configurable: false, writable: false });
      return value;
    },
  });
  return target;
}

export function sha256(bytes: Uint8Array): string {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(bytes).digest('hex');
}
