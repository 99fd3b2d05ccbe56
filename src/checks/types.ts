import type { AbiVersion, HostProfile } from 'proxy-wasm-host-mock';
import type { BuildRc } from '../buildrc.js';
import type { Inspection } from '../inspect/index.js';
import type { Finding } from '../report.js';
import type { WebAssembly } from 'proxy-wasm-host-mock/webassembly';

/** Everything a static check may look at: read once per file, shared by every host. */
export interface CheckContext {
  /** The file as the user named it (for messages). */
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly inspection: Inspection;
  /** Node's V8 compile of the module; null when the bytes never got that far. */
  readonly compiled: { readonly module: WebAssembly.Module } | { readonly error: string } | null;
  readonly host: HostProfile;
  /** The ABI this host selects: the first marker in export order that it knows, or null. */
  readonly abi: AbiVersion | null;
  /** The `.buildrc` next to the module or in --plugin-dir, if one was found. */
  readonly buildrc: BuildRc | null;
}

/** A readable module: the context after the load problems are ruled out. */
export type ModuleContext = CheckContext & {
  readonly info: NonNullable<Inspection['info']>;
  readonly walked: NonNullable<Inspection['walked']>;
};

/**
 * A static check: pure, findings from the context, never throws for plugin problems. `bytes`
 * checks run on anything; `module` checks only on a module the walker could read.
 */
export type Check =
  | { readonly name: string; readonly needs: 'bytes'; readonly run: (ctx: CheckContext) => Finding[] }
  | { readonly name: string; readonly needs: 'module'; readonly run: (ctx: ModuleContext) => Finding[] };
