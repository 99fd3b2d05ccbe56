/**
 * Where a rule's documentation page can be read on the web (SARIF `helpUri`). The package ships
 * docs/rules/<ID>.md, so the page of the very version that made the finding is at the package's
 * CDN path once it is published. Change RULE_DOCS_BASE here (one place) when the project has a
 * public home for its docs.
 */
import type { RuleId } from './catalog.js';
import { VERSION } from '../version.js';

export const RULE_DOCS_BASE = `https://unpkg.com/wasm-verify@${VERSION}/docs/rules/`;

export function ruleDocsUrl(id: RuleId, base: string = RULE_DOCS_BASE): string {
  return `${base}${id}.md`;
}
