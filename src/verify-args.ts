/**
 * The library's inputs, checked where they enter (verify(), verifyDetailed(), inspect()): a
 * JavaScript caller with a wrong type gets an InputError naming the argument and what it takes,
 * not a TypeError from deep inside a check.
 */
import { parseHostSpec } from './hosts/spec.js';

/** What is wrong with a --host value, or undefined. */
function hostProblem(v: string): string | undefined {
  try {
    parseHostSpec(v);
    return undefined;
  } catch (e) {
    if (e instanceof InputError) return e.message.replace(/^--host /, 'valid: ');
    throw e;
  }
}
import { InputError } from './errors.js';

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return 'a Uint8Array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function fail(fn: string, what: string, wants: string, got: unknown, tip = ''): never {
  throw new InputError(`${fn}(): ${what} must be ${wants}, got ${describe(got)}${tip}`);
}

/** One input: a path (unless `bytesOnly`), or `{ file, bytes, path? }`. */
export function checkInput(fn: string, what: string, v: unknown, bytesOnly = false): void {
  if (typeof v === 'string' && !bytesOnly) {
    if (v === '') fail(fn, what, 'a non-empty path', v);
    return;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(fn, what, bytesOnly ? '{ file, bytes }' : 'a path or { file, bytes }', v);
  const o = v as Record<string, unknown>;
  if (typeof o['file'] !== 'string') fail(fn, `${what}.file`, 'a string (the name shown in the report)', o['file']);
  if (!(o['bytes'] instanceof Uint8Array)) fail(fn, `${what}.bytes`, 'a Uint8Array (e.g. a Buffer from readFileSync)', o['bytes']);
  if (o['path'] !== undefined && typeof o['path'] !== 'string') fail(fn, `${what}.path`, 'a string', o['path']);
}

const CHECKS: Record<string, (v: unknown) => string | undefined> = {
  host: (v) =>
    typeof v === 'string'
      ? hostProblem(v)
      : Array.isArray(v) && v.length > 0 && v.every((h) => typeof h === 'string')
        ? hostProblem(v.join(','))
        : 'a string (auto, all, versions, envoy|istio|higress[@version], a comma list) or a non-empty array of such strings',
  config: (v) => (v instanceof Uint8Array ? undefined : 'a Uint8Array (the configuration bytes; for text: new TextEncoder().encode(text))'),
  rootId: (v) => (typeof v === 'string' ? undefined : 'a string'),
  vmId: (v) => (typeof v === 'string' ? undefined : 'a string'),
  pluginDir: (v) => (typeof v === 'string' ? undefined : 'a string'),
  wasmplugin: (v) => (typeof v === 'string' ? undefined : 'a string (a file path)'),
  static: (v) => (typeof v === 'boolean' ? undefined : 'a boolean'),
  trace: (v) => (typeof v === 'boolean' ? undefined : 'a boolean'),
  logs: (v) => (typeof v === 'boolean' ? undefined : 'a boolean'),
  faults: (v) => (typeof v === 'boolean' ? undefined : 'a boolean'),
  clusters: (v) => (Array.isArray(v) && v.every((s) => typeof s === 'string' && s !== '') ? undefined : 'an array of cluster names'),
  scenarios: (v) => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? undefined : 'an array of scenario names or file paths'),
  soak: (v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? undefined : 'a positive whole number of requests'),
  timeoutMs: (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? undefined : 'a positive number of milliseconds'),
  runTimeoutMs: (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? undefined : 'a positive number of milliseconds'),
  maxEvents: (v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? undefined : 'a positive integer'),
  hostMemoryMb: (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? undefined : 'a positive number of MiB'),
  runtime: (v) => (typeof v === 'function' ? undefined : 'a function'),
  workers: (v) => (typeof v === 'object' && v !== null && typeof (v as { take?: unknown }).take === 'function' ? undefined : 'a WorkerPool (createWorkerPool())'),
  jobs: (v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? undefined : 'a positive integer (files verified at once)'),
  onProgress: (v) => (typeof v === 'function' ? undefined : 'a function'),
  perFile: (v) => (v instanceof Map && [...v].every(([k, o]) => typeof k === 'string' && typeof o === 'object' && o !== null) ? undefined : 'a Map from file name to VerifyOptions'),
  policy: (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'an object ({ ignore, severity, failOn })'),
};

/** verify(inputs, options): inputs an array of paths or { file, bytes }, options as VerifyOptions. */
export function checkVerifyArgs(fn: string, inputs: unknown, options: unknown): void {
  if (!Array.isArray(inputs)) fail(fn, 'inputs', 'an array of paths or { file, bytes }', inputs, typeof inputs === 'string' ? ` (for one file: ${fn}([path]))` : '');
  inputs.forEach((v, i) => checkInput(fn, `inputs[${i}]`, v));
  checkOptions(fn, options);
}

/** VerifyOptions: known keys, each of its type (undefined values are absent). */
export function checkOptions(fn: string, options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) fail(fn, 'options', 'an object (VerifyOptions)', options);
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const check = CHECKS[key];
    if (check === undefined) throw new InputError(`${fn}(): unknown option ${key} (options: ${Object.keys(CHECKS).join(', ')})`);
    const wants = check(value);
    if (wants !== undefined) fail(fn, `options.${key}`, wants, value);
    if (key === 'perFile') for (const own of (value as Map<string, unknown>).values()) checkOptions(fn, own);
  }
}
