/** The sample plugins' predictions (sample-plugins/expected/*.json) and where the built files are. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface HostExpectation {
  readonly verdict: 'pass' | 'fail';
  readonly rules: readonly string[];
  readonly scenarios?: Readonly<Record<string, string>>;
  readonly unsure?: boolean;
  readonly note?: string;
}

export interface SampleExpectation {
  readonly name: string;
  readonly wasm: string;
  /** The configuration inline, or null; `configFile` (a path from the repository root) wins. */
  readonly config: unknown;
  readonly rootId: string | null;
  readonly pluginDir?: string;
  /** By --host value: `envoy`, `higress-2.0`, `envoy@1.31`, `istio@1.24` … */
  readonly hosts: Readonly<Record<string, HostExpectation>>;
}

const ROOT = resolve(import.meta.dirname, '../..');

/** `WASM_VERIFY_SAMPLES_DIR` runs the matrix on a freshly rebuilt set of samples. */
export const SAMPLES_DIR = resolve(ROOT, process.env['WASM_VERIFY_SAMPLES_DIR'] ?? 'sample-plugins/build');

/**
 * Every expectation in sample-plugins/expected, sorted by name, with its wasm path in SAMPLES_DIR.
 * A prediction whose wasm is missing is listed in `missing()` so the matrix fails on it: a rebuild
 * that silently drops a sample must not pass.
 */
export function samples(): SampleExpectation[] {
  return expectations().filter((s) => existsSync(s.wasm));
}

/** Names of predicted samples that SAMPLES_DIR lacks. */
export function missing(): string[] {
  return expectations().filter((s) => !existsSync(s.wasm)).map((s) => s.name);
}

function expectations(): SampleExpectation[] {
  const dir = join(ROOT, 'sample-plugins/expected');
  const out: SampleExpectation[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const table = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, Omit<SampleExpectation, 'name' | 'wasm'> & { pluginDir?: string; configFile?: string }>;
    for (const [name, e] of Object.entries(table)) {
      const wasm = join(SAMPLES_DIR, `${name}.wasm`);
      // A sample that runs with a configuration file (the one the bench uses too) names it.
      const config: unknown = e.configFile === undefined ? e.config : JSON.parse(readFileSync(resolve(ROOT, e.configFile), 'utf8'));
      out.push({ ...e, config, name, wasm, ...(e.pluginDir === undefined ? {} : { pluginDir: resolve(ROOT, e.pluginDir) }) });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export function configBytes(config: unknown): Uint8Array | undefined {
  return config === null || config === undefined ? undefined : new TextEncoder().encode(JSON.stringify(config));
}
