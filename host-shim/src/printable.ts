/**
 * Text a plugin controls, made safe to show: control characters (C0, DEL, C1) and the Unicode
 * bidirectional overrides are written as visible escapes, so no terminal escape sequence or
 * reordered line from a plugin reaches the user's terminal or a CI log.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `s` with every control character and bidi override escaped (`\x1b`, `\n`, `\u202e`). */
export function printable(s: string): string {
  return s.replace(UNSAFE, escapeChar);
}

/** printable(), cut to `max` characters (an ellipsis marks the cut). */
export function printableLine(s: string, max: number): string {
  const p = printable(s);
  return p.length > max ? `${p.slice(0, max)}…` : p;
}
