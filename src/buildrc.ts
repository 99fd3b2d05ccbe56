/**
 * `.buildrc`: the shell fragment Higress's wasm-go build sources for per-plugin variables
 * (`EXTRA_TAGS=proxy_wasm_version_0_2_100`). We read it as data and never execute it: KEY=VALUE
 * lines with optional `export`, quotes and comments; `$VAR` refers only to keys set earlier in the file.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export interface BuildRc {
  /** Path as shown to the user. */
  readonly file: string;
  /** Name of the directory holding it: the PLUGIN_NAME of `make build`. */
  readonly pluginName: string;
  readonly vars: Readonly<Record<string, string>>;
  /** Lines that are not assignments (commands): ignored, never run. */
  readonly ignored: readonly number[];
}

const ASSIGN = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

/** Expands `$VAR` / `${VAR}` from `vars`; unknown names expand to "" as in the shell. */
function expand(s: string, vars: Record<string, string>): string {
  return s.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, a?: string, b?: string) => vars[(a ?? b)!] ?? '');
}

/** The value part of an assignment: concatenated quoted/unquoted words up to whitespace or `#`. */
function value(raw: string, vars: Record<string, string>): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === ' ' || c === '\t' || c === ';') break;
    if (c === "'") {
      const end = raw.indexOf("'", i + 1);
      const stop = end < 0 ? raw.length : end;
      out += raw.slice(i + 1, stop);
      i = stop + 1;
    } else if (c === '"') {
      let j = i + 1;
      let buf = '';
      while (j < raw.length && raw[j] !== '"') {
        if (raw[j] === '\\' && j + 1 < raw.length && '"\\$`'.includes(raw[j + 1]!)) {
          buf += raw[j + 1] === '$' ? '\u0000' : raw[j + 1];
          j += 2;
        } else buf += raw[j++];
      }
      out += expand(buf, vars).replace(/\u0000/g, '$');
      i = j + 1;
    } else if (c === '\\' && i + 1 < raw.length) {
      out += raw[i + 1];
      i += 2;
    } else {
      let j = i;
      while (j < raw.length && !` \t;'"\\`.includes(raw[j]!)) j++;
      out += expand(raw.slice(i, j), vars);
      i = j;
    }
  }
  return out;
}

export function parseBuildRc(text: string): { vars: Record<string, string>; ignored: number[] } {
  const vars: Record<string, string> = {};
  const ignored: number[] = [];
  text.split(/\r?\n/).forEach((line, n) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const m = ASSIGN.exec(t);
    if (m === null) {
      ignored.push(n + 1);
      return;
    }
    vars[m[1]!] = value(m[2]!, vars);
  });
  return { vars, ignored };
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds and reads the `.buildrc` for a module: in `pluginDir` when given, else next to the wasm
 * file. Returns null when there is none or it cannot be read.
 */
export function findBuildRc(wasmPath: string | undefined, pluginDir: string | undefined): BuildRc | null {
  const dir = pluginDir ?? (wasmPath === undefined ? undefined : dirname(wasmPath));
  if (dir === undefined) return null;
  const file = join(dir, '.buildrc');
  if (!isFile(file)) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const { vars, ignored } = parseBuildRc(text);
  return { file, pluginName: basename(resolve(dir)), vars, ignored };
}

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_.,:/=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
