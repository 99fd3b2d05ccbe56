/** Rule documentation pages (docs/rules/<ID>.md), shipped with the package. */
import { readFileSync } from 'node:fs';
import type { RuleId } from './catalog.js';

export function docsPath(id: RuleId): URL {
  // From dist/rules/ (or src/rules/ under vitest) up to the package root.
  return new URL(`../../docs/rules/${id}.md`, import.meta.url);
}

export function readRuleDoc(id: RuleId): string | null {
  try {
    return readFileSync(docsPath(id), 'utf8');
  } catch {
    return null;
  }
}
