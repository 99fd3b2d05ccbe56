/**
 * Start-up overlap for the CLI: read the .wasm files named on the command line and start V8's
 * asynchronous compile at once, so it runs on V8's background threads while the rest of
 * wasm-verify is still loading. Only node:fs here: this module loads before everything else.
 *
 * Both functions work from a guess at the arguments, before they are parsed (src/cli-options.ts),
 * and the guess only decides what starts early, never what runs: the CLI takes a prefetched file
 * only for a path the parser calls a plugin file, and closes a worker it started for nothing.
 */
import { readFileSync, statSync } from 'node:fs';
import { WebAssembly } from 'proxy-wasm-host-mock/webassembly';

/** The plugin size limit of src/data-file.ts (not imported: this module loads before everything else). */
const PREFETCH_MAX_BYTES = 256 * 1024 * 1024;

export type CompileResult = { readonly module: WebAssembly.Module } | { readonly error: string };

export interface Prefetched {
  readonly bytes: Uint8Array;
  readonly compiled: Promise<CompileResult>;
}

export function compileMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/^WebAssembly\.(Module|compile)\(\): /, '');
}

/** What to start before the arguments are parsed: the traffic worker, and reading these files. */
export interface StartupHint {
  readonly traffic: boolean;
  readonly wasm: readonly string[];
  /** `--soak`: the plugin's request code runs thousands of times, so V8's optimizing tier pays. */
  readonly hot: boolean;
}

/** A cheap guess: arguments ending in .wasm, and traffic unless --static appears. */
export function startupHint(args: readonly string[]): StartupHint {
  const wasm = args.filter((a) => !a.startsWith('-') && a.endsWith('.wasm'));
  const hot = args.some((a) => a === '--soak' || a.startsWith('--soak='));
  return { traffic: wasm.length > 0 && !args.includes('--static'), wasm, hot };
}

/** Reads and starts compiling each path that names an existing .wasm module. Never throws. */
export function prefetch(paths: readonly string[]): ReadonlyMap<string, Prefetched> {
  const out = new Map<string, Prefetched>();
  for (const p of paths) {
    if (out.has(p)) continue;
    try {
      const st = statSync(p);
      // Only what readInput (src/input.ts) would accept; it reports the rest.
      if (!st.isFile() || st.size > PREFETCH_MAX_BYTES) continue;
      const bytes = readFileSync(p);
      if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) continue;
      const compiled = WebAssembly.compile(bytes).then(
        (module): CompileResult => ({ module }),
        (e: unknown): CompileResult => ({ error: compileMessage(e) }),
      );
      out.set(p, { bytes, compiled });
    } catch {
      // Unreadable: the normal path reports it.
    }
  }
  return out;
}
