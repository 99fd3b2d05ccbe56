/**
 * Issue 9 points 1 and 2: what the plugin logged (--logs: level, callback, text, fd_write too),
 * under the phase or scenario that produced it, capped, escaped in every format; the trace shows
 * a log call's text; start, configure and trap hints quote the callback's warn-and-above lines.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatReport, verify } from '../../src/index.js';
import { MAX_LOG_LINES } from '../../src/run/logs.js';
import { httpGet } from '../../src/scenarios/builtin/http-get.js';
import { parseScenario } from '../../src/scenarios/index.js';
import { SAMPLES_DIR } from '../matrix/expected.js';
import { runInProcess } from './harness.js';
import { IMPORTS, wasm } from './wat.js';

const GET = [parseScenario(httpGet, 'builtin:http-get')];
const ESC = '\u001b[31mred\u001b[0m\u009b2J\u202eevil';

/** proxy_log(level, text) from the named callback; the text is data at 2048. */
function logging(callback: string, lines: ReadonlyArray<readonly [number, string]>, then = ''): Parameters<typeof wasm>[0] {
  let at = 2048;
  const data: string[] = [];
  const calls: string[] = [];
  for (const [level, text] of lines) {
    const bytes = Buffer.from(text);
    data.push(`(data (i32.const ${at}) "${[...bytes].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('')}")`);
    calls.push(`(drop (call $log (i32.const ${level}) (i32.const ${at}) (i32.const ${bytes.length})))`);
    at += bytes.length + 8;
  }
  const sig = callback === 'proxy_on_configure' ? '(param i32 i32) (result i32)' : '(param i32 i32 i32) (result i32)';
  return {
    imports: IMPORTS.log,
    data: data.join('\n'),
    noRoot: callback === 'proxy_on_configure',
    body: `${callback === 'proxy_on_configure' ? '(func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))' : ''}
      (func (export "${callback}") ${sig} ${calls.join(' ')} ${then} (i32.const ${callback === 'proxy_on_configure' ? 0 : 0}))`,
  };
}

describe('--logs', () => {
  test('each scenario carries what the plugin logged in it: level, callback, text', async () => {
    const bytes = await wasm(logging('proxy_on_request_headers', [[2, 'hello from headers'], [3, 'careful']]));
    const run = runInProcess(bytes, 'envoy', GET, { keepLogs: true });
    expect(run.scenarios[0]?.logs).toEqual({
      lines: [
        { level: 'info', callback: 'proxy_on_request_headers', source: 'proxy_log', text: 'hello from headers' },
        { level: 'warn', callback: 'proxy_on_request_headers', source: 'proxy_log', text: 'careful' },
      ],
      dropped: 0,
    });
  });

  test('without --logs nothing is kept', async () => {
    const run = runInProcess(await wasm(logging('proxy_on_request_headers', [[2, 'x']])), 'envoy', GET);
    expect(run.scenarios[0]?.logs).toBeUndefined();
    expect(run.logs).toEqual({});
  });

  test('stdout and stderr written with fd_write are logs too', async () => {
    const run = runInProcess(
      await wasm({
        imports: IMPORTS.fdWrite,
        data: '(data (i32.const 1024) "to stdout\\n") (data (i32.const 1100) "\\00\\04\\00\\00\\0a\\00\\00\\00")',
        body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
          (drop (call $fd_write (i32.const 1) (i32.const 1100) (i32.const 1) (i32.const 1200)))
          (drop (call $fd_write (i32.const 2) (i32.const 1100) (i32.const 1) (i32.const 1200))) (i32.const 0))`,
      }),
      'envoy',
      GET,
      { keepLogs: true },
    );
    expect(run.scenarios[0]?.logs?.lines.map((l) => [l.source, l.level, l.text])).toEqual([
      ['stdout', 'info', 'to stdout'],
      ['stderr', 'error', 'to stdout'],
    ]);
  });

  test('configure logs are kept under their phase, apart from the scenarios', async () => {
    const run = runInProcess(await wasm(logging('proxy_on_configure', [[3, 'configured badly']])), 'envoy', GET, { keepLogs: true });
    expect(run.logs.configure?.lines.map((l) => l.text)).toEqual(['configured badly']);
    expect(run.logs.start).toBeUndefined();
  });

  test('a flood is capped to the newest lines, with the count of the lines left out', async () => {
    const bytes = await wasm({
      imports: IMPORTS.log,
      data: '(data (i32.const 2048) "line")',
      body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) (local $i i32)
        (loop $l (drop (call $log (i32.const 2) (i32.const 2048) (i32.const 4)))
          (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 500))))
        (i32.const 0))`,
    });
    const logs = runInProcess(bytes, 'envoy', GET, { keepLogs: true }).scenarios[0]?.logs;
    expect(logs?.lines.length).toBe(MAX_LOG_LINES);
    expect(logs?.dropped).toBe(500 - MAX_LOG_LINES);
  });

  test('control characters and bidi overrides are escaped in every format; no escape byte reaches the output', async () => {
    const bytes = await wasm(logging('proxy_on_request_headers', [[4, ESC]]));
    const report = await verify([{ file: 'esc.wasm', bytes }], { scenarios: ['http-get'], logs: true, trace: true });
    const line = report.results[0]?.scenarios[0]?.logs?.lines[0]?.text;
    expect(line).toBe('\\x1b[31mred\\x1b[0m\\x9b2J\\u202eevil');
    for (const format of ['human', 'json', 'junit', 'sarif', 'github'] as const) {
      const out = formatReport(report, format, { trace: true });
      // The WV4006 finding quotes the error line; --logs and --trace show it too.
      expect(out, format).toMatch(/x1b\[31mred/);
      expect(out, format).not.toMatch(/[\u001b\u009b\u202e]/);
    }
  });

  test('the trace shows what a log call logged', async () => {
    const run = runInProcess(await wasm(logging('proxy_on_request_headers', [[3, 'global config parse error']])), 'envoy', GET, { keepTrace: true });
    const ret = run.scenarios[0]?.trace?.find((e) => e.dir === 'vm<-host' && e.text.startsWith('env.proxy_log'));
    expect(ret?.text).toBe('env.proxy_log return: 0 (warn "global config parse error")');
  });
});

describe('hints quote the cause the plugin logged', () => {
  test('a configure failure quotes the warn line that names the cause and the error line after it (go-config-warn)', async () => {
    const report = await verify([join(SAMPLES_DIR, 'go-config-warn.wasm')], {});
    const f = report.results[0]?.findings.find((x) => x.ruleId === 'WV3004');
    expect(f?.hint).toBe(
      'The plugin rejected an empty configuration (none was given: pass it with --config) and logged "[config-warn] global config parse error: must one of in_query/in_header required" (warn), then "[config-warn] plugin start failed": fix what that names.',
    );
  });

  test('with its configuration, the same plugin configures and answers 401 without the key', async () => {
    const config = new TextEncoder().encode('{"keys":["k1"],"in_header":true}');
    const r = (await verify([join(SAMPLES_DIR, 'go-config-warn.wasm')], { config, scenarios: ['http-get'] })).results[0];
    expect(r?.findings.map((f) => f.ruleId)).toEqual([]);
    expect(r?.scenarios[0]?.outcome).toBe('local-response');
  });

  test('only the last few lines of that callback, at warn and above', async () => {
    const lines = [[2, 'info is not a cause'], [3, 'w1'], [3, 'w2'], [4, 'e3'], [3, 'w4']] as const;
    const run = runInProcess(await wasm(logging('proxy_on_configure', lines)), 'envoy', GET);
    expect(run.bootFindings.find((f) => f.ruleId === 'WV3004')?.args['logged']).toBe('"w2" (warn), then "e3", then "w4" (warn)');
  });

  test('a trap quotes what the trapping callback logged at warn before it', async () => {
    const run = runInProcess(await wasm(logging('proxy_on_request_headers', [[3, 'upstream map is empty']], 'unreachable')), 'envoy', GET);
    const f = run.scenarios[0]?.findings.find((x) => x.ruleId === 'WV3005');
    expect(f?.message).toContain('after the plugin logged "upstream map is empty" (warn)');
  });
});
