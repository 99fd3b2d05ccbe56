/**
 * WV1010: a Higress plugin (built with the Higress Go SDK or wasm-go, or with a `.buildrc`) that
 * exports proxy_abi_version_0_2_0, checked on hosts that accept 0.2.100. Higress then applies the
 * 0.2.0 conversion: StopIteration from a header callback stops the whole request (higress.md §1.4;
 * HCH src/context.cc convertVmCallResultToFilterHeadersStatus). A `.buildrc` that asks for the
 * tag the build ignored is WV1008 instead.
 *
 * Which marker the SDK exports (higress-group/proxy-wasm-go-sdk): on its TinyGo line (branch
 * main) the build tag decides, since f62405c (2024-03-27): without proxy_wasm_version_0_2_100,
 * proxyABIVersion is proxy_abi_version_0_2_0 (proxywasm/internal/abi_callback_version.go,
 * `//go:build !proxy_wasm_version_0_2_100`). On its Go 1.24 line (branch go-1.24) no tag is
 * read: //go:wasmexport proxy_abi_version_0_2_0 until 1cbc883 (2025-03-23), 0_2_100 from then on.
 */
import { basename } from 'node:path';
import { shellWord } from '../buildrc.js';
import { finding } from '../findings.js';
import { higressSdkOf } from '../inspect/toolchain.js';
import type { Check } from './types.js';

const TAG = 'proxy_wasm_version_0_2_100';
const MARKER = 'proxy_abi_version_0_2_0';

export const higressAbi: Check = {
  name: 'higress-abi',
  needs: 'module',
  run({ info, host, abi, buildrc: rc, file }) {
    if (!host.abiVersions.includes('0.2.100') || abi !== '0.2.0' || !info.markers.includes(MARKER)) return [];
    const sdk = higressSdkOf(info.toolchain);
    if (sdk === undefined && rc === null) return [];
    const tags = rc?.vars['EXTRA_TAGS'];
    if (tags !== undefined && tags.split(/[\s,]+/).includes(TAG)) return [];
    const name = rc?.pluginName ?? basename(file).replace(/\.wasm$/i, '');
    const extra = [...(tags ?? '').split(/[\s,]+/).filter((t) => t !== ''), TAG].join(',');
    const command = `PLUGIN_NAME=${shellWord(name)} EXTRA_TAGS=${shellWord(extra)} make build`;
    const args = {
      higress: sdk === undefined ? `it has a .buildrc (${rc?.file ?? ''})` : `it is built with ${sdk}`,
      goLine: info.toolchain.id === 'go',
      command,
    };
    return [finding('WV1010', args, 'static', { symbol: MARKER, ...(rc === null ? {} : { file: rc.file }) })];
  },
};
