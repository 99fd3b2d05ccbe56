/** SARIF 2.1.0 for code-scanning UIs: one run, the catalog rules used, one result per finding. */
import { RULES, type RuleId } from '../rules/catalog.js';
import type { Finding, Report, Severity } from '../report.js';
import type { FormatOptions } from './types.js';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

export function sarif(report: Report, o: FormatOptions): string {
  const all: Array<{ file: string; host: string; scenario?: string; f: Finding }> = [];
  for (const r of report.results) {
    for (const f of r.findings) all.push({ file: r.file, host: r.host, f });
    for (const sc of r.scenarios) for (const f of sc.findings) all.push({ file: r.file, host: r.host, scenario: sc.name, f });
  }
  const used = [...new Set(all.map((x) => x.f.ruleId))].sort() as RuleId[];
  const doc = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
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
              ...(o.docsBase === undefined ? {} : { helpUri: `${o.docsBase}${id}.md` }),
              defaultConfiguration: { level: LEVEL[RULES[id].severity] },
            })),
          },
        },
        results: all.map(({ file, host, scenario, f }) => ({
          ruleId: f.ruleId,
          ruleIndex: used.indexOf(f.ruleId),
          level: LEVEL[f.severity],
          message: { text: f.hint ? `${f.message} Hint: ${f.hint}` : f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: (f.where.file ?? file).replace(/\\/g, '/') } } }],
          properties: { host, phase: f.phase, slug: f.slug, ...(scenario ? { scenario } : {}), ...f.where },
        })),
      },
    ],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
