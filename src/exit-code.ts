import type { Report } from './report.js';

/** 0 when every plugin passes, 1 when one fails. (2 and 3 are the CLI's: usage, internal error.) */
export function exitCode(report: Report): 0 | 1 {
  return report.results.some((r) => r.verdict === 'fail') ? 1 : 0;
}
