/** Formatters: pure (report, options) => string. They never print and never touch the exit code. */
import type { Report } from '../report.js';
import { github } from './github.js';
import { human } from './human.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import type { FormatOptions, Formatter } from './types.js';

export type { FormatOptions, Formatter } from './types.js';

export const FORMATTERS = { human, json, junit, sarif, github } satisfies Record<string, Formatter>;
export type Format = keyof typeof FORMATTERS;
export const FORMATS = Object.keys(FORMATTERS) as Format[];

export function formatReport(report: Report, format: Format, options: FormatOptions = {}): string {
  return FORMATTERS[format](report, options);
}
