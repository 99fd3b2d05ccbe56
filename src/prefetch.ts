/**
 * Start-up overlap for the CLI: read the .wasm files named on the command line and start V8's
 * asynchronous compile at once, so it runs on V8's background threads while the rest of
 * wasm-verify is still loading. Only node:fs here: this module loads before everything else.
 */
import { readFileSync, statSync } from 'node:fs';

export type CompileResult = { readonly module: WebAssembly.Module } | { readonly error: string };

interface Prefetched {
  readonly bytes: Uint8Array;
  readonly compiled: Promise<CompileResult>;
}

const cache = new Map<string, Prefetched>();

export function compileMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/^WebAssembly\.(Module|compile)\(\): /, '');
}

/** Reads and starts compiling every argument that names an existing .wasm file. Never throws. */
export function prefetch(args: readonly string[]): void {
  for (const a of args) {
    if (a.startsWith('-') || !a.endsWith('.wasm') || cache.has(a)) continue;
    try {
      if (!statSync(a).isFile()) continue;
      const bytes = readFileSync(a);
      if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) continue;
      const compiled = WebAssembly.compile(bytes).then(
        (module): CompileResult => ({ module }),
        (e: unknown): CompileResult => ({ error: compileMessage(e) }),
      );
      cache.set(a, { bytes, compiled });
    } catch {
      // Unreadable: the normal path reports it.
    }
  }
}

export function takePrefetched(path: string): Prefetched | undefined {
  const p = cache.get(path);
  cache.delete(path);
  return p;
}
