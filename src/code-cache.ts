/**
 * Runs a one-file CommonJS bundle of scripts/bundle.mjs with the V8 code cache the build made
 * for it, so a run does not parse and compile again the functions the build's training run used
 * (Node 20 has no compile cache of its own for user code).
 *
 * A cache is used only when it is for this exact bundle and V8 accepts it: the bundle ends with
 * a build id that the cache file starts with (V8 itself compares only the source length), and V8
 * checks its own version, its flags and, with --verify-snapshot-checksum set while compiling, the
 * cache's checksum (release builds skip that check and would run a corrupt cache). Any other
 * cache (missing, stale, corrupt, other Node) is ignored and the bundle compiles as usual: a few
 * milliseconds slower, never different.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

/** The last line of every bundle: `//# bundle-id=<16 hex digits>`, a digest of the rest. */
export const BUNDLE_ID_PREFIX = '\n//# bundle-id=';
const ID_LENGTH = 16;

/**
 * Set by scripts/bundle.mjs for its training run: write the cache after the run, first
 * restoring the V8 flags given as the value (the worker sets --wasm-max-mem-pages, and a cache
 * made under other flags would be rejected by every later run). The training run's own output
 * is discarded, so it may go on without them.
 */
export const TRAINING_ENV = 'WASM_VERIFY_CODE_CACHE_TRAINING';

export function cacheFileOf(bundle: string): string {
  return `${bundle}.cache`;
}

/** The build id at the end of a bundle's source, or '' when it has none. */
export function bundleId(source: string): string {
  const at = source.lastIndexOf(BUNDLE_ID_PREFIX);
  return at < 0 ? '' : source.slice(at + BUNDLE_ID_PREFIX.length, at + BUNDLE_ID_PREFIX.length + ID_LENGTH);
}

/** The V8 data of a cache file made for the bundle with this id, if it is one. */
function cachedDataFor(bundle: string, id: string): Buffer | undefined {
  if (id.length !== ID_LENGTH) return undefined;
  let file: Buffer;
  try {
    file = readFileSync(cacheFileOf(bundle));
  } catch {
    return undefined;
  }
  return file.length > ID_LENGTH && file.toString('latin1', 0, ID_LENGTH) === id ? file.subarray(ID_LENGTH) : undefined;
}

/** Compiles a bundle (with its cache when usable). */
export function compileBundle(bundle: string): { script: Script; id: string; cacheRejected: boolean | undefined } {
  const source = readFileSync(bundle, 'utf8');
  const id = bundleId(source);
  const cachedData = cachedDataFor(bundle, id);
  // The same wrapper as Node's own CommonJS loader: the bundle runs as it would under require().
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  if (cachedData === undefined) return { script: new Script(wrapped, { filename: bundle }), id, cacheRejected: undefined };
  setFlagsFromString('--verify-snapshot-checksum');
  try {
    const script = new Script(wrapped, { filename: bundle, cachedData });
    return { script, id, cacheRejected: script.cachedDataRejected === true };
  } finally {
    // Off again at once: a worker isolate started with it on verifies the whole startup snapshot.
    setFlagsFromString('--no-verify-snapshot-checksum');
  }
}

/**
 * Writes the cache file of a compiled bundle: its build id, then what V8 has compiled of it so
 * far, checksummed. Written to a temporary file and renamed, so a reader never sees half of it.
 */
export function writeCache(script: Script, bundle: string, id: string): void {
  setFlagsFromString('--verify-snapshot-checksum');
  let data: Buffer;
  try {
    data = script.createCachedData();
  } finally {
    setFlagsFromString('--no-verify-snapshot-checksum');
  }
  const tmp = `${cacheFileOf(bundle)}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([Buffer.from(id, 'latin1'), data]));
  renameSync(tmp, cacheFileOf(bundle));
}

/** Runs a bundle as a CommonJS module. */
export function runBundle(bundle: string): void {
  const { script, id } = compileBundle(bundle);
  const restore = process.env[TRAINING_ENV];
  if (restore !== undefined) train(script, bundle, id, restore);
  const module = { exports: {} };
  const dir = bundle.slice(0, Math.max(bundle.lastIndexOf('/'), bundle.lastIndexOf('\\')));
  (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, createRequire(bundle), module, bundle, dir);
}

/**
 * The build's training run: the cache holds what the run compiled. The main thread writes it at
 * exit; a worker, which its supervisor terminates once it reports, before each message it posts
 * (the last one wins).
 */
function train(script: Script, bundle: string, id: string, restore: string): void {
  const write = (): void => {
    if (restore !== '') setFlagsFromString(restore);
    writeCache(script, bundle, id);
  };
  // Loaded here only: a normal run does not need node:worker_threads in the main thread.
  const { isMainThread, parentPort: port } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  if (isMainThread) {
    process.once('exit', write);
    return;
  }
  if (port === null) return;
  const post = port.postMessage.bind(port);
  port.postMessage = (value: unknown, transfer?: never): void => {
    write();
    post(value, transfer);
  };
}
