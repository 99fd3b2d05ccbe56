/**
 * Formats are contracts, for any file name: SARIF valid against the official 2.1.0 schema with
 * the name recoverable from its URI, JUnit well-formed XML keeping the name, GitHub commands
 * escaped so a name cannot end or inject a command, JSON valid against the report schema.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { finding } from '../../src/findings.js';
import { formatReport } from '../../src/formatters/index.js';
import { fileUri } from '../../src/formatters/uri.js';
import { ruleDocsUrl } from '../../src/rules/docs-url.js';
import type { PluginResult } from '../../src/report.js';
import { report } from './fixtures.js';
import { sarifErrors, schemaErrors } from '../helpers/schemas.js';

const NAMES = [
  'my plugin#1.wasm',
  'plugins/100%/a%20b.wasm',
  'a?b=c&d.wasm',
  'x:y,z::error::boom.wasm',
  'tab\there.wasm',
  'line\nbreak\r\n::error file=x::injected.wasm',
  'bell\u0007esc\u001b.wasm',
  'ünïcødé/插件/😀.wasm',
  '/abs/dir with space/p#.wasm',
  'C:\\Users\\me\\my plugin.wasm',
  '<tag attr="v">&amp;\'.wasm',
  'lone\uD800surrogate.wasm',
];

function result(file: string): PluginResult {
  const hang = finding('WV3008', { callback: 'proxy_on_request_body', scenario: 'openai-chat', step: 'request body', timeoutMs: 300 }, 'traffic', { scenario: 'openai-chat', callback: 'proxy_on_request_body' });
  return {
    file,
    sha256: 'ab'.repeat(32),
    size: 10,
    host: 'envoy', profile: 'envoy-1.38',
    abi: '0.2.1',
    verdict: 'fail',
    findings: [finding('WV1005', {}, 'load')],
    scenarios: [{ name: 'openai-chat', outcome: 'cpu-hang', findings: [hang], durationMs: 12 }],
    staticDurationMs: 3,
    durationMs: 20,
  };
}

const decode = (uri: string): string => (uri.startsWith('file://') ? uri.slice(7) : uri).split('/').map(decodeURIComponent).join('/');

describe('SARIF', () => {
  it('a report for "my plugin#1.wasm" is valid against the official SARIF 2.1.0 schema; the URI is percent-encoded', () => {
    const doc = JSON.parse(formatReport(report(result('my plugin#1.wasm')), 'sarif'));
    expect(sarifErrors(doc)).toBe('');
    expect(doc.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('my%20plugin%231.wasm');
  });

  it('the schema rejects the unencoded name (the test can fail)', () => {
    const doc = JSON.parse(formatReport(report(result('ok.wasm')), 'sarif'));
    doc.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'my plugin#1.wasm';
    expect(sarifErrors(doc)).not.toBe('');
  });

  it.each(NAMES.map((n) => [JSON.stringify(n), n] as const))('valid for %s, the name recoverable', (_, name) => {
    const doc = JSON.parse(formatReport(report(result(name)), 'sarif'));
    expect(sarifErrors(doc)).toBe('');
    const uri: string = doc.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
    const expected = (name.replace(/\\/g, '/') as string & { toWellFormed(): string }).toWellFormed();
    expect(decode(uri).replace(/^\/C:/, 'C:')).toBe(expected);
  });

  it('every rule used has a helpUri to its documentation page', () => {
    const doc = JSON.parse(formatReport(report(result('a.wasm')), 'sarif'));
    const rules = doc.runs[0].tool.driver.rules as Array<{ id: 'WV1005' | 'WV3008'; helpUri: string }>;
    expect(rules.map((r) => r.id)).toEqual(['WV1005', 'WV3008']);
    for (const r of rules) expect(r.helpUri).toBe(ruleDocsUrl(r.id));
    expect(rules[0]!.helpUri).toMatch(/^https:\/\/.*\/docs\/rules\/WV1005\.md$/);
  });

  it('fileUri: relative stays relative, absolute becomes a file: URL', () => {
    expect(fileUri('a/b c.wasm')).toBe('a/b%20c.wasm');
    expect(fileUri('/x/y#.wasm')).toBe('file:///x/y%23.wasm');
    expect(fileUri('C:\\a b\\c.wasm')).toBe('file:///C:/a%20b/c.wasm');
    expect(fileUri('c:d.wasm')).toBe('c%3Ad.wasm');
    expect(fileUri("it's(1).wasm")).toBe('it%27s%281%29.wasm');
  });
});

describe('JUnit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['testsuite', 'testcase'].includes(n), processEntities: true, htmlEntities: true });
  it.each(NAMES.map((n) => [JSON.stringify(n), n] as const))('well-formed XML 1.0 for %s, the name kept (without XML-forbidden characters)', (_, name) => {
    const xml = formatReport(report(result(name)), 'junit');
    expect(XMLValidator.validate(xml)).toBe(true);
    // Characters XML 1.0 forbids even as references are absent.
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    const doc = parser.parse(xml);
    const suite = doc.testsuites.testsuite[0];
    const kept = name.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
    expect(suite.name).toBe(`${kept} [envoy]`);
    expect(suite.testcase[0].classname).toBe(`${kept} [envoy]`);
  });

  it('times in seconds from the measured durations', () => {
    const xml = formatReport(report(result('a.wasm')), 'junit');
    expect(xml).toContain('<testsuites name="wasm-verify" tests="2" failures="2" time="0.020">');
    expect(xml).toContain('<testsuite name="a.wasm [envoy]" tests="2" failures="2" errors="0" skipped="0" time="0.020">');
    expect(xml).toContain('<testcase classname="a.wasm [envoy]" name="static checks" time="0.003">');
    expect(xml).toContain('<testcase classname="a.wasm [envoy]" name="scenario openai-chat" time="0.012">');
  });
});

describe('GitHub annotations', () => {
  it.each(NAMES.map((n) => [JSON.stringify(n), n] as const))('one line per command for %s; the name escaped in properties', (_, name) => {
    const out = formatReport(report(result(name)), 'github');
    const lines = out.trimEnd().split('\n');
    // 2 annotations, 1 verdict line, 1 summary notice: a newline in a name cannot add a line.
    expect(lines).toHaveLength(4);
    const file = /^::error file=([^,]*),title=/.exec(lines[0]!)?.[1];
    expect(file).toBeDefined();
    // A property value holds none of the characters that end it or the command.
    expect(file).not.toMatch(/[\r\n:,]/);
    const unescape = (s: string): string => s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
    expect(unescape(file!)).toBe(name);
    expect(lines.filter((l) => l.startsWith('::'))).toHaveLength(3);
  });
});

describe('JSON', () => {
  it.each(NAMES.map((n) => [JSON.stringify(n), n] as const))('valid against the report schema for %s, the name kept', (_, name) => {
    const doc = JSON.parse(formatReport(report(result(name)), 'json'));
    expect(schemaErrors('report', doc)).toBe('');
    expect(doc.results[0].file).toBe(name);
  });
});
