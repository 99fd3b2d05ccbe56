/**
 * schemas/report.schema.json, the published schema of the JSON report: its lists of values follow
 * the code, and it is strict (a field the code does not write, or a wrong type, is rejected), so a
 * change to the report that forgets the schema fails here or in test/sample-set.test.ts.
 */
import { readFileSync } from 'node:fs';
import { HOST_IDS, RELEASES, releaseLabel } from 'proxy-wasm-host-mock/profiles';
import { ALL_ABI_VERSIONS } from 'proxy-wasm-host-mock/symbols';
import { FAULTS } from '../src/scenarios/faults.js';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../src/formatters/index.js';
import { failing, passing, report } from './formatters/fixtures.js';
import { schemaErrors } from './helpers/schemas.js';

const schema = JSON.parse(readFileSync(new URL('../schemas/report.schema.json', import.meta.url), 'utf8')) as { definitions: Record<string, { enum?: unknown[] }> };

describe('report schema', () => {
  it('lists every host profile and ABI version the code knows', () => {
    expect(schema.definitions['profile']?.enum).toEqual([...HOST_IDS]);
    // Every name a result's host can take: each release's label and each table id.
    const host = new RegExp((schema.definitions['host'] as unknown as { pattern: string }).pattern);
    for (const r of RELEASES) expect(releaseLabel(r)).toMatch(host);
    for (const id of HOST_IDS) expect(id).toMatch(host);
    expect('istio@1.24').toMatch(host);
    expect('nginx').not.toMatch(host);
    expect(schema.definitions['abi']?.enum).toEqual([...ALL_ABI_VERSIONS, null]);
    const scenario = schema.definitions['scenario'] as unknown as { properties: { fault: { enum: string[] } } };
    expect(scenario.properties.fault.enum).toEqual([...FAULTS]);
  });

  it('describes a soaked scenario (--soak) and rejects a soak without its numbers', () => {
    const doc = JSON.parse(formatReport(report(passing), 'json'));
    const soak = { requests: 2000, warmup: 200, seconds: 0.7, requestsPerSecond: 2857, memoryBefore: 8388608, memoryAfter: 41943040, bytesPerRequest: 16683, windowsGrown: 4, projectedRequestsToCap: 61847 };
    const scenario = { name: 'http-get', outcome: 'forwarded', findings: [], durationMs: 1 };
    doc.results[0].scenarios = [{ ...scenario, soak }];
    expect(schemaErrors('report', doc)).toBe('');
    doc.results[0].scenarios = [{ ...scenario, soak: { ...soak, projectedRequestsToCap: null } }];
    expect(schemaErrors('report', doc)).toBe('');
    const { bytesPerRequest: _, ...partial } = soak;
    doc.results[0].scenarios = [{ ...scenario, soak: partial }];
    expect(schemaErrors('report', doc)).not.toBe('');
  });

  it('accepts a hand-built report and the policy fields of a finding', () => {
    const doc = JSON.parse(formatReport(report(failing, passing), 'json'));
    expect(schemaErrors('report', doc)).toBe('');
    doc.results[0].findings[0].originalSeverity = 'warning';
    doc.results[0].findings[0].ignored = true;
    expect(schemaErrors('report', doc)).toBe('');
  });

  it.each([
    ['an unknown result field', (d: any) => void (d.results[0].extra = 1)],
    ['an unknown finding field', (d: any) => void (d.results[0].findings[0].extra = 1)],
    ['a bad severity', (d: any) => void (d.results[0].findings[0].severity = 'fatal')],
    ['a bad sha256', (d: any) => void (d.results[0].sha256 = 'xyz')],
    ['an unknown host', (d: any) => void (d.results[0].host = 'nginx')],
    ['a negative duration', (d: any) => void (d.results[0].durationMs = -1)],
    ['a missing verdict', (d: any) => void delete d.results[0].verdict],
  ])('rejects %s', (_, spoil) => {
    const doc = JSON.parse(formatReport(report(failing, passing), 'json'));
    spoil(doc);
    expect(schemaErrors('report', doc)).not.toBe('');
  });
});
