import type { Report } from '../report.js';

/** Exactly the Report document (schemaVersion 1), stable key order as built. */
export function json(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
