import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/formatters/index.js';
import { failing, matrix, passing, report } from './fixtures.js';

describe('human formatter', () => {
  it('prints header, findings by severity with hints, and a verdict', () => {
    const out = formatReport(report(failing, passing), 'human', { toolchains: { 'ok.wasm': 'C (clang 16.0.6)' }, staticOnly: true });
    expect(out).toBe(`plugins/ai-proxy/plugin.wasm
  host       higress — Higress 2.1+ (higress-group/proxy-wasm-cpp-host fork)
  abi        0.2.0 (proxy_abi_version_0_2_0)

  error   WV1008 buildrc-abi-tag-ignored  (plugins/ai-proxy/.buildrc)
          .buildrc sets EXTRA_TAGS=proxy_wasm_version_0_2_100, but the module exports proxy_abi_version_0_2_0, not proxy_abi_version_0_2_100: the build ignored the tag, and StopIteration from request headers will stop the whole request.
          → Rebuild with the tags: PLUGIN_NAME=ai-proxy EXTRA_TAGS=proxy_wasm_version_0_2_100 make build
  warning WV1003 multiple-abi-versions
          The module exports several ABI markers (proxy_abi_version_0_2_0, proxy_abi_version_0_2_1); the host uses the first known one in export order, proxy_abi_version_0_2_0.
          → Export exactly one proxy_abi_version_* function so the ABI the host uses is the one you tested.

  FAIL  higress: 1 error, 1 warning

ok.wasm
  host       envoy — Envoy / Istio (upstream proxy-wasm-cpp-host)
  abi        0.2.1 (proxy_abi_version_0_2_1)
  toolchain  C (clang 16.0.6)

  PASS  envoy: no problems found (static checks only)

FAIL  1 of 2 results fail
`);
  });

  it('colours only when asked', () => {
    expect(formatReport(report(passing), 'human', {})).not.toContain('\u001b[');
    expect(formatReport(report(passing), 'human', { color: true })).toContain('\u001b[32mPASS\u001b[39m');
  });

  it('prints the compatibility matrix with the first reason in gateway order', () => {
    const out = formatReport(matrix, 'human', { matrix: true });
    expect(out.split('\n').slice(0, 6).join('\n')).toBe(`m.wasm

  host         loads  abi      verdict  first reason
  envoy        no     -        fail     WV1002 unknown-abi-version proxy_abi_version_0_2_100
  higress      yes    0.2.100  pass
  higress-2.0  no     0.2.100  fail     WV2001 missing-import wasi_snapshot_preview1.sched_yield`);
    expect(out.trimEnd().split('\n').at(-1)).toBe('  FAIL  passes on higress; fails on envoy, higress-2.0');
  });
});
