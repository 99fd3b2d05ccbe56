/** Reading the files the user names: anything unreadable is an InputError (exit 2), one clear line. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { InputError } from './errors.js';
import { takePrefetched, type CompileResult } from './prefetch.js';

export interface InputFile {
  /** As the user wrote it (shown in output). */
  readonly file: string;
  /** On-disk path, for finding `.buildrc` next to it; absent for in-memory inputs. */
  readonly path?: string;
  readonly bytes: Uint8Array;
  /** V8's compile, when the CLI started it early (src/prefetch.ts). */
  readonly precompiled?: Promise<CompileResult>;
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ERR_FS_FILE_TOO_LARGE': return 'too large to read (over 2 GiB)';
    default: return code ?? (e instanceof Error ? e.message : String(e));
  }
}

/** Reads one input file. Throws InputError for a missing file, a directory or an empty file. */
export function readInput(file: string): InputFile {
  const pre = takePrefetched(file);
  if (pre !== undefined) return { file, path: file, bytes: pre.bytes, precompiled: pre.compiled };
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new InputError(`${file}: ${reason(e)}`);
  }
  if (st.isDirectory()) {
    let wasm: string[] = [];
    try {
      wasm = readdirSync(file).filter((n) => n.endsWith('.wasm')).slice(0, 3);
    } catch {
      // listing is only a hint
    }
    const hint = wasm.length > 0 ? ` (it contains ${wasm.join(', ')})` : '';
    throw new InputError(`${file}: is a directory, not a .wasm file${hint}`);
  }
  if (!st.isFile()) throw new InputError(`${file}: not a regular file`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError(`${file}: cannot read: ${reason(e)}`);
  }
  if (bytes.length === 0) throw new InputError(`${file}: is empty (0 bytes); did the build write it?`);
  return { file, path: file, bytes };
}
