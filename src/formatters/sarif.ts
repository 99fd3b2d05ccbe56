/**
 * SARIF 2.1.0 for code-scanning UIs: one run, the catalog rules used (each with `helpUri` to its
 * documentation page), one result per finding. Valid against the official OASIS schema for any
 * file name: locations are percent-encoded URI references (src/formatters/uri.ts).
 */
import { RULES, type RuleId } from '../rules/catalog.js';
import { ruleDocsUrl } from '../rules/docs-url.js';
import type { Finding, Report, Severity } from '../report.js';
import type { FormatOptions } from './types.js';
import { fileUri } from './uri.js';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/** The schema the document follows (the OASIS errata01 schema's own id). */
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export function sarif(report: Report, o: FormatOptions): string {
  const all: Array<{ file: string; host: string; scenario?: string; f: Finding }> = [];
  for (const r of report.results) {
    for (const f of r.findings) all.push({ file: r.file, host: r.host, f });
    for (const sc of r.scenarios) for (const f of sc.findings) all.push({ file: r.file, host: r.host, scenario: sc.name, f });
  }
  const used = [...new Set(all.map((x) => x.f.ruleId))].sort() as RuleId[];
  const doc = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'wasm-verify',
            version: report.tool.version,
            rules: used.map((id) => ({
              id,
              name: RULES[id].slug,
              shortDescription: { text: RULES[id].title },
              help: { text: `Run "wasm-verify rules ${id}", or read docs/rules/${id}.md in the wasm-verify package.` },
              helpUri: ruleDocsUrl(id, o.docsBase),
              defaultConfiguration: { level: LEVEL[RULES[id].severity] },
            })),
          },
        },
        results: all.map(({ file, host, scenario, f }) => ({
          ruleId: f.ruleId,
          ruleIndex: used.indexOf(f.ruleId),
          level: LEVEL[f.severity],
          message: { text: f.hint ? `${f.message} Hint: ${f.hint}` : f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(f.where.file ?? file) } } }],
          properties: { host, phase: f.phase, slug: f.slug, ...(scenario ? { scenario } : {}), ...f.where },
        })),
      },
    ],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
