/**
 * Names that come from a module (function, import, export, section and producer names) are
 * data the plugin's author controls: a 1 MB function name must not become megabytes of output
 * in every format. They are cut where output is made: in findings (every string argument and
 * location) and in inspect's report; matching against the host always uses the full name.
 */

/** The longest name (or string argument) shown; longer ones keep their start and say how much was cut. */
export const MAX_SHOWN_CHARS = 512;

export function cutName(s: string, max = MAX_SHOWN_CHARS): string {
  if (s.length <= max) return s;
  return `${s.slice(0, max)}… (${s.length - max} more characters)`;
}

/** A copy of plain data with every string longer than the limit cut (keys too). */
export function cutStrings<T>(value: T, max = MAX_SHOWN_CHARS): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return cutName(v, max);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [cutName(k, max), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
