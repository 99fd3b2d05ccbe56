/** Formatters: pure (report, options) => string. They never print and never touch the exit code. */
import { visibleReport } from '../policy.js';
import type { Report } from '../report.js';
import { github } from './github.js';
import { human } from './human.js';
import { json } from './json.js';
import { junit } from './junit.js';
import type { Format } from './names.js';
import { sarif } from './sarif.js';
import type { FormatOptions, Formatter } from './types.js';

export type { FormatOptions, Formatter } from './types.js';
export { FORMATS, type Format } from './names.js';

export const FORMATTERS: Readonly<Record<Format, Formatter>> = { human, json, junit, sarif, github };

/** JSON is the record and keeps ignored findings (marked); every other format leaves them out. */
export function formatReport(report: Report, format: Format, options: FormatOptions = {}): string {
  return FORMATTERS[format](format === 'json' ? report : visibleReport(report), options);
}
