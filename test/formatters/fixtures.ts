/** Hand-built reports for the formatter tests. */
import { finding } from '../../src/findings.js';
import type { PluginResult, Report } from '../../src/report.js';

const base = { sha256: 'ab'.repeat(32), size: 1234, scenarios: [] } as const;

export const failing: PluginResult = {
  ...base,
  file: 'plugins/ai-proxy/plugin.wasm',
  host: 'higress', profile: 'higress-2.1',
  abi: '0.2.0',
  verdict: 'fail',
  findings: [
    finding(
      'WV1008',
      { tags: 'proxy_wasm_version_0_2_100', marker: 'proxy_abi_version_0_2_0', command: 'PLUGIN_NAME=ai-proxy EXTRA_TAGS=proxy_wasm_version_0_2_100 make build' },
      'static',
      { file: 'plugins/ai-proxy/.buildrc', symbol: 'proxy_abi_version_0_2_0' },
    ),
    finding('WV1003', { markers: 'proxy_abi_version_0_2_0, proxy_abi_version_0_2_1', chosen: 'proxy_abi_version_0_2_0' }, 'load'),
  ],
};

export const passing: PluginResult = { ...base, file: 'ok.wasm', host: 'envoy', profile: 'envoy-1.38', abi: '0.2.1', verdict: 'pass', findings: [] };

export const report = (...results: PluginResult[]): Report => ({ schemaVersion: 1, tool: { name: 'wasm-verify', version: '9.9.9' }, results });

export const matrix: Report = report(
  {
    ...base,
    file: 'm.wasm',
    host: 'envoy', profile: 'envoy-1.38',
    abi: null,
    verdict: 'fail',
    findings: [finding('WV1002', { marker: 'proxy_abi_version_0_2_100', host: 'envoy', accepted: 'proxy_abi_version_0_2_1' }, 'load', { symbol: 'proxy_abi_version_0_2_100' })],
  },
  { ...base, file: 'm.wasm', host: 'higress', profile: 'higress-2.1', abi: '0.2.100', verdict: 'pass', findings: [] },
  {
    ...base,
    file: 'm.wasm',
    host: 'higress-2.0', profile: 'higress-2.0',
    abi: '0.2.100',
    verdict: 'fail',
    findings: [
      finding('WV2001', { symbol: 'wasi_snapshot_preview1.poll_oneoff', first: false, host: 'higress-2.0', providedBy: 'envoy and higress' }, 'link', { symbol: 'wasi_snapshot_preview1.poll_oneoff' }),
      finding('WV2001', { symbol: 'wasi_snapshot_preview1.sched_yield', first: true, host: 'higress-2.0', providedBy: 'envoy and higress' }, 'link', { symbol: 'wasi_snapshot_preview1.sched_yield' }),
    ],
  },
);
