/**
 * Reading the files a user names besides the plugin (--config, --scenario files, --wasmplugin):
 * one way to read them, one way to tell JSON from YAML, one wording for every problem. A problem
 * is a DataFileError, an InputError (exit 2): `<label>: <what is wrong>`.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { InputError } from './errors.js';

/** Why a file cannot be read (or written), in words: the same for every file the CLI names. */
export function unreadableReason(e: unknown, verb: 'read' | 'write' = 'read'): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ERR_FS_FILE_TOO_LARGE': return 'too large to read (over 2 GiB)';
    default: return `cannot ${verb} (${code ?? (e instanceof Error ? e.message : String(e))})`;
  }
}

/** A data file that cannot be read or parsed: `<source>: <problem>`. */
export class DataFileError extends InputError {
  constructor(
    readonly source: string,
    readonly problem: string,
  ) {
    super(`${source}: ${problem}`);
  }
}

/** Thrown by parseData: the text is neither JSON nor YAML. */
export class DataSyntaxError extends DataFileError {}

/** Size limit of a data file (--config, --scenario, --wasmplugin, the settings file): 16 MiB. */
export const DATA_FILE_MAX_BYTES = 16 * 1024 * 1024;
/** Size limit of a plugin module: 256 MiB (the largest real plugins are tens of MB). */
export const PLUGIN_FILE_MAX_BYTES = 256 * 1024 * 1024;

function mib(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}

/**
 * The one way the CLI reads a file it is given: opened without blocking (a FIFO never stalls the
 * open), then it must be a regular file (not a FIFO, device, socket or directory) no larger than
 * `maxBytes`, checked on the open descriptor before anything is read, and never more than
 * `maxBytes` bytes are read (a file that grows meanwhile is "too large" too). Throws `fail(problem)`.
 */
export function readCheckedFile(path: string, maxBytes: number, fail: (problem: string) => Error): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw fail(unreadableReason(e));
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw fail('is a directory');
    if (!st.isFile()) throw fail('not a regular file');
    if (st.size > maxBytes) throw fail(`too large (${st.size} bytes; the limit is ${mib(maxBytes)})`);
    // One byte more than the file's size shows whether it grew meanwhile; then read on to the limit.
    let buf = Buffer.allocUnsafe(st.size + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > maxBytes) throw fail(`too large (over ${mib(maxBytes)}, the limit)`);
        const bigger = Buffer.allocUnsafe(maxBytes + 1);
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) return buf.subarray(0, n);
      n += got;
    }
  } catch (e) {
    if (isErrno(e)) throw fail(unreadableReason(e));
    throw e;
  } finally {
    closeSync(fd);
  }
}

function isErrno(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

/** The bytes of a data file; `label` names it in the error (`--config x.yaml`). */
export function readUserFile(path: string, label: string = path, maxBytes: number = DATA_FILE_MAX_BYTES): Buffer {
  return readCheckedFile(path, maxBytes, (problem) => new DataFileError(label, problem));
}

export type DataFormat = 'json' | 'yaml';

/** The yaml package, loaded only when a YAML text is read (most runs read none). */
function parseYaml(text: string): unknown {
  const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yaml.parse(text, { prettyErrors: false }) as unknown;
}

const isJsonName = (source: string): boolean => /\.json$/i.test(source);

/**
 * Parses JSON or YAML text. JSON first (YAML 1.2 would read most JSON the same, but not all of
 * it byte for byte); a `.json` file must be JSON. `source` names the file in errors.
 */
export function parseData(text: string, source: string): { format: DataFormat; value: unknown } {
  try {
    return { format: 'json', value: JSON.parse(text) as unknown };
  } catch (e) {
    if (isJsonName(source)) throw new DataSyntaxError(source, `not valid JSON: ${(e as Error).message}`);
  }
  try {
    return { format: 'yaml', value: parseYaml(text) };
  } catch (e) {
    throw new DataSyntaxError(source, `not valid YAML or JSON: ${(e as Error).message.split('\n')[0] ?? ''}`);
  }
}

/** Reads a JSON or YAML file into a value (scenario files, WasmPlugin resources). */
export function readDataFile(path: string, label: string = path): unknown {
  return parseData(readUserFile(path, label).toString('utf8'), label).value;
}
