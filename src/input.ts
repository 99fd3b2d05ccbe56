/** Reading the files the user names: anything unreadable is an InputError (exit 2), one clear line. */
import { readdirSync, statSync } from 'node:fs';
import { PLUGIN_FILE_MAX_BYTES, readCheckedFile, unreadableReason } from './data-file.js';
import { InputError } from './errors.js';
import type { CompileResult } from './prefetch.js';

export interface InputFile {
  /** As the user wrote it (shown in output). */
  readonly file: string;
  /** On-disk path, for finding `.buildrc` next to it; absent for in-memory inputs. */
  readonly path?: string;
  readonly bytes: Uint8Array;
  /** V8's compile of `bytes`, when the caller started it early (the CLI: src/prefetch.ts). */
  readonly precompiled?: Promise<CompileResult>;
}

/** Reads one input file. Throws InputError for a missing file, a directory or an empty file. */
export function readInput(file: string): InputFile {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new InputError(`${file}: ${unreadableReason(e)}`);
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
  const bytes = readCheckedFile(file, PLUGIN_FILE_MAX_BYTES, (problem) => new InputError(`${file}: ${problem}`));
  if (bytes.length === 0) throw new InputError(`${file}: is empty (0 bytes); did the build write it?`);
  return { file, path: file, bytes };
}

/** `--plugin-dir`: must name an existing directory (a missing one or a file is a usage mistake). */
export function checkPluginDir(dir: string): void {
  let st;
  try {
    st = statSync(dir);
  } catch (e) {
    throw new InputError(`--plugin-dir ${dir}: ${unreadableReason(e)}`);
  }
  if (!st.isDirectory()) throw new InputError(`--plugin-dir ${dir}: not a directory`);
}
