import { describe, expect, it } from 'vitest';
import { finding } from '../../src/findings.js';
import { formatReport } from '../../src/formatters/index.js';
import { failing, passing, report } from './fixtures.js';

describe('json formatter', () => {
  it('is exactly the report', () => {
    const r = report(failing, passing);
    const out = formatReport(r, 'json');
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(r)));
    expect(Object.keys(JSON.parse(out).results[0].findings[0])).toEqual(['ruleId', 'slug', 'severity', 'message', 'hint', 'phase', 'where', 'args']);
  });
});

describe('github formatter', () => {
  it('prints escaped annotations and a verdict per result', () => {
    expect(formatReport(report(failing, passing), 'github')).toBe(
      [
        '::error file=plugins/ai-proxy/.buildrc,title=WV1008 buildrc-abi-tag-ignored (higress)::.buildrc sets EXTRA_TAGS=proxy_wasm_version_0_2_100, but the module exports proxy_abi_version_0_2_0, not proxy_abi_version_0_2_100: the build ignored the tag, and StopIteration from request headers will stop the whole request.%0A→ Rebuild with the tags: PLUGIN_NAME=ai-proxy EXTRA_TAGS=proxy_wasm_version_0_2_100 make build',
        '::warning file=plugins/ai-proxy/plugin.wasm,title=WV1003 multiple-abi-versions (higress)::The module exports several ABI markers (proxy_abi_version_0_2_0, proxy_abi_version_0_2_1); the host uses the first known one in export order, proxy_abi_version_0_2_0.%0A→ Export exactly one proxy_abi_version_* function so the ABI the host uses is the one you tested.',
        'FAIL plugins/ai-proxy/plugin.wasm on higress',
        'PASS ok.wasm on envoy',
        '::notice title=wasm-verify::1 of 2 results fail; 2 distinct findings (1 error, 1 warning, 0 info)',
        '',
      ].join('\n'),
    );
  });

  it('names the scenario of a finding found in one, so the same finding in two scenarios reads apart', () => {
    const hang = finding('WV3008', { callback: 'proxy_on_request_body', scenario: 'openai-chat', step: 'request body chunk 1/2', timeoutMs: 300 }, 'traffic', { scenario: 'openai-chat', callback: 'proxy_on_request_body' });
    const r = { ...passing, verdict: 'fail' as const, scenarios: [{ name: 'openai-chat', outcome: 'cpu-hang' as const, findings: [hang], durationMs: 3 }] };
    expect(formatReport(report(r), 'github').split('\n')[0]).toMatch(/^::error file=ok\.wasm,title=WV3008 cpu-hang \(envoy; scenario openai-chat\)::/);
  });
});

describe('github formatter: de-duplicated, capped', () => {
  const trap = (scenario: string) => finding('WV3005', { fn: 'proxy_on_request_headers', detail: 'unreachable', panic: '', logged: '', rootId: '', backtrace: '', consequence: '', inScenario: true }, 'traffic', { scenario, callback: 'proxy_on_request_headers' });
  const onHost = (host: 'envoy' | 'higress', scenarios: string[]) => ({
    ...passing,
    host,
    verdict: 'fail' as const,
    scenarios: scenarios.map((name) => ({ name, outcome: 'trap' as const, findings: [trap(name)], durationMs: 1 })),
  });

  it('one annotation per distinct finding, naming every host and scenario it occurred in', () => {
    const out = formatReport(report(onHost('envoy', ['http-get', 'openai-chat']), onHost('higress', ['http-get'])), 'github').split('\n');
    const annotations = out.filter((l) => l.startsWith('::error'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::error file=ok\.wasm,title=WV3005 trap \(envoy%2C higress; scenarios http-get%2C openai-chat\)::/);
    expect(out.at(-2)).toBe('::notice title=wasm-verify::2 of 2 results fail; 1 distinct finding (1 error, 0 warnings, 0 info)');
  });

  it('at most --max-annotations (default 10), errors first; the rest as plain log lines, said in the notice', () => {
    const many = Array.from({ length: 14 }, (_, i) => finding('WV4006', { level: 'error', text: `log ${i}`, callback: 'proxy_on_configure' }, 'traffic'));
    const err = finding('WV1005', {}, 'load');
    const r = report({ ...passing, verdict: 'fail', findings: [...many, err] });
    const lines = formatReport(r, 'github').trimEnd().split('\n');
    const commands = lines.filter((l) => /^::(error|warning|notice) file=/.test(l));
    expect(commands).toHaveLength(10);
    expect(commands[0]).toMatch(/^::error file=ok\.wasm,title=WV1005 /);
    expect(lines.filter((l) => /^info WV4006 plugin-error-log ok\.wasm \(envoy\): /.test(l))).toHaveLength(5);
    expect(lines.at(-1)).toBe('::notice title=wasm-verify::1 of 1 result fail; 15 distinct findings (1 error, 0 warnings, 14 info); 10 annotated, 5 more in the log (--max-annotations 10)');
    const three = formatReport(r, 'github', { maxAnnotations: 3 }).split('\n');
    expect(three.filter((l) => /^::(error|warning|notice) file=/.test(l))).toHaveLength(3);
    expect(formatReport(r, 'github', { maxAnnotations: 0 }).split('\n').filter((l) => /^::(error|warning|notice) file=/.test(l))).toHaveLength(0);
  });
});

describe('junit formatter', () => {
  it('one suite per result, errors as failures, warnings as output', () => {
    expect(formatReport(report(failing, passing), 'junit')).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="wasm-verify" tests="2" failures="1">
  <testsuite name="plugins/ai-proxy/plugin.wasm [higress]" tests="1" failures="1" errors="0" skipped="0">
    <testcase classname="plugins/ai-proxy/plugin.wasm [higress]" name="static checks">
      <failure message="WV1008 buildrc-abi-tag-ignored: .buildrc sets EXTRA_TAGS=proxy_wasm_version_0_2_100, but the module exports proxy_abi_version_0_2_0, not proxy_abi_version_0_2_100: the build ignored the tag, and StopIteration from request headers will stop the whole request." type="WV1008">error WV1008 buildrc-abi-tag-ignored: .buildrc sets EXTRA_TAGS=proxy_wasm_version_0_2_100, but the module exports proxy_abi_version_0_2_0, not proxy_abi_version_0_2_100: the build ignored the tag, and StopIteration from request headers will stop the whole request. Hint: Rebuild with the tags: PLUGIN_NAME=ai-proxy EXTRA_TAGS=proxy_wasm_version_0_2_100 make build</failure>
      <system-out>warning WV1003 multiple-abi-versions: The module exports several ABI markers (proxy_abi_version_0_2_0, proxy_abi_version_0_2_1); the host uses the first known one in export order, proxy_abi_version_0_2_0. Hint: Export exactly one proxy_abi_version_* function so the ABI the host uses is the one you tested.</system-out>
    </testcase>
  </testsuite>
  <testsuite name="ok.wasm [envoy]" tests="1" failures="0" errors="0" skipped="0">
    <testcase classname="ok.wasm [envoy]" name="static checks">
    </testcase>
  </testsuite>
</testsuites>
`);
  });

  it('names the scenario of a finding reported outside the scenario testcases (memory growth of one scenario)', () => {
    const growth = finding('WV4005', { requests: 10, warmup: 3, before: 1 << 20, after: 2 << 20, bytesPerRequest: 104858, windowsGrown: 4, windows: 4, cap: 1 << 30, projectedRequests: 10220 }, 'traffic', { scenario: 'http-get' });
    const out = formatReport(report({ ...passing, findings: [growth] }), 'junit');
    expect(out).toContain('<system-out>warning WV4005 memory-growth (scenario http-get): Memory grew');
  });

  it('counts failing scenarios', () => {
    const withScenario = { ...passing, verdict: 'fail' as const, scenarios: [{ name: 'openai-chat', outcome: 'hang' as const, findings: [], durationMs: 3 }] };
    const out = formatReport(report(withScenario), 'junit');
    expect(out).toContain('<testsuite name="ok.wasm [envoy]" tests="2" failures="1"');
    expect(out).toContain('<failure message="outcome hang" type="hang">');
  });
});

describe('sarif formatter', () => {
  it('lists used rules and one result per finding', () => {
    const doc = JSON.parse(formatReport(report(failing, passing), 'sarif'));
    expect(doc.version).toBe('2.1.0');
    const run = doc.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['WV1003', 'WV1008']);
    expect(run.results.map((r: { ruleId: string; level: string; ruleIndex: number }) => [r.ruleId, r.level, r.ruleIndex])).toEqual([
      ['WV1008', 'error', 1],
      ['WV1003', 'warning', 0],
    ]);
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('plugins/ai-proxy/.buildrc');
    expect(run.results[1].properties.host).toBe('higress');
  });
});
