/**
 * Reading the files a user names besides the plugin (--config, --scenario files, --wasmplugin):
 * one way to read them, one way to tell JSON from YAML, one wording for every problem. A problem
 * is a DataFileError, an InputError (exit 2): `<label>: <what is wrong>`.
 */
import { readFileSync } from 'node:fs';
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

/** The bytes of a file; `label` names it in the error (`--config x.yaml`). */
export function readUserFile(path: string, label: string = path): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new DataFileError(label, unreadableReason(e));
  }
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
