/** ANSI styling that is a no-op unless colour is on (the CLI decides: TTY, --no-color, NO_COLOR). */
export interface Style {
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
  readonly blue: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

const wrap = (open: number, close: number) => (s: string): string => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string): string => s;

export function style(color: boolean): Style {
  return color
    ? { red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), blue: wrap(34, 39), bold: wrap(1, 22), dim: wrap(2, 22) }
    : { red: plain, yellow: plain, green: plain, blue: plain, bold: plain, dim: plain };
}
