/**
 * The process's private writable memory (Linux /proc/self/status VmData). A worker's wasm
 * memory.grow raises it page for page, so the supervisor can see a callback growing memory
 * while the worker itself cannot report anything (V8 runs a grow loop to its end before it
 * honours terminate()). Undefined where /proc is not available.
 */
import { readFileSync } from 'node:fs';

export function processDataBytes(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const m = /^VmData:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m?.[1] === undefined ? undefined : Number(m[1]) * 1024;
  } catch {
    return undefined;
  }
}
