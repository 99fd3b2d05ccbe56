/**
 * Versions on real samples: a Go 1.24 plugin refused by the Envoy and Istio lines before the
 * WASI additions with the gateway's own log line and loaded by later ones; the minimum-version
 * summary (JSON) and table (human) derived from what each host did.
 */
import { resolve } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import type { RuntimePhase } from '../../src/verify.js';
import { formatReport, verify } from '../../src/index.js';
import { wat } from '../helpers/wasm.js';

const S = resolve(import.meta.dirname, '../../sample-plugins/build');
const GO_ENVOY = `${S}/go-header-rewrite-abi020.wasm`;
const LOG = 'Failed to load Wasm module due to a missing import: wasi_snapshot_preview1.sched_yield';

describe('a Go 1.24 plugin across Envoy and Istio releases', () => {
  test('refused before the WASI additions with the gateway log line, loaded and run after', async () => {
    const r = await verify([GO_ENVOY], { host: 'envoy@1.31,istio@1.24,envoy@1.32.12,envoy@1.32.13,istio@1.25,envoy-main', timeoutMs: 5_000 });
    const by = new Map(r.results.map((x) => [x.host, x]));
    for (const h of ['envoy@1.31', 'istio@1.24', 'envoy@1.32.12']) {
      const first = by.get(h)!.findings.find((f) => f.ruleId === 'WV2001' && f.args['first'] === true);
      expect(first?.message, h).toContain(`"${LOG}"`);
      expect(first?.hint, h).toContain('First provided by Envoy 1.32.13, Istio 1.25, Higress 2.0.7');
      expect(by.get(h)!.scenarios, h).toEqual([]);
    }
    for (const h of ['envoy@1.32.13', 'istio@1.25', 'envoy-main']) {
      expect(by.get(h)!.verdict, h).toBe('pass');
      expect(new Set(by.get(h)!.scenarios.map((s) => s.outcome)), h).toEqual(new Set(['forwarded']));
    }
  }, 60_000);

  test('--host versions: the oldest release per family and why older ones fail, in JSON and in one table', async () => {
    const r = await verify([GO_ENVOY], { host: 'versions', static: true });
    expect(r.versions?.map((m) => [m.family, m.minimum, m.older.map((g) => [g.from, g.to, g.reason])])).toEqual([
      ['envoy', '1.32.13', [['1.26', '1.32.12', 'missing import wasi_snapshot_preview1.sched_yield']]],
      ['istio', '1.25', [['1.18', '1.24', 'missing import wasi_snapshot_preview1.sched_yield']]],
      ['higress', '2.0.7', [['2.0', '2.0.6', 'missing import wasi_snapshot_preview1.sched_yield']]],
    ]);
    const text = formatReport(r, 'human', { versionsOnly: true });
    expect(text).toContain('Envoy < 1.32.13: missing import wasi_snapshot_preview1.sched_yield');
    expect(text).toContain('Istio < 1.25: missing import wasi_snapshot_preview1.sched_yield');
    expect(text).toContain('Higress < 2.0.7: missing import wasi_snapshot_preview1.sched_yield');
    // One line per family, not one per release.
    expect(text.split('\n').filter((l) => /^\s+(Envoy|Istio|Higress)\s/.test(l))).toHaveLength(3);
  });

  test('a module every release runs has its oldest checked release as the minimum', async () => {
    const r = await verify([`${S}/c-add-header.wasm`], { host: 'envoy@1.26..1.29', static: true });
    expect(r.versions).toEqual([{ file: `${S}/c-add-header.wasm`, family: 'envoy', minimum: '1.26', minimumHost: 'envoy@1.26', checked: { from: '1.26', to: '1.29' }, older: [] }]);
  });

  test('one traffic run per distinct host: releases whose tables behave alike share it', async () => {
    const runtime = vi.fn<RuntimePhase>(async () => ({ findings: [], scenarios: [{ name: 'http-get', outcome: 'forwarded', findings: [], durationMs: 1 }] }));
    const r = await verify([`${S}/c-add-header.wasm`], { host: 'envoy@1.26..1.31,istio@1.19..1.23', runtime });
    expect(r.results).toHaveLength(11);
    expect(runtime).toHaveBeenCalledTimes(1);
    runtime.mockClear();
    await verify([`${S}/c-add-header.wasm`], { host: 'all', runtime });
    // envoy 1.26-1.31 | 1.32.0 | 1.32.13-1.34 | 1.35-1.36 | 1.37-1.38 | main | higress 2.0, 2.0.7, 2.1, 2.2
    expect(runtime).toHaveBeenCalledTimes(10);
  });
});

describe('poll_oneoff answering 52 to a plugin that copes', () => {
  test('is information (WV3025) naming the releases that answer 0, and the request goes on', async () => {
    // Imports come first in the text format, so the module is written out here.
    const bytes = await wat(`(module
      (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "proxy_abi_version_0_2_1"))
      (func (export "malloc") (param i32) (result i32) i32.const 1024)
      (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
        (drop (call $poll (i32.const 256) (i32.const 384) (i32.const 1) (i32.const 448))) (i32.const 0)))`);
    const r = await verify([{ file: 'poll.wasm', bytes }], { host: 'envoy@1.34,envoy-main', timeoutMs: 5_000 });
    const [old, main] = r.results;
    expect(old!.verdict).toBe('pass');
    const f = old!.scenarios[0]!.findings.find((x) => x.ruleId === 'WV3025');
    expect(f?.severity).toBe('info');
    expect(f?.hint).toContain('Higress 2.1');
    expect(main!.scenarios.flatMap((s) => s.findings).map((x) => x.ruleId)).not.toContain('WV3025');
  });
});
