/**
 * WV1008, the founding bug (higress-group/higress#1847): `.buildrc` asks for
 * EXTRA_TAGS=proxy_wasm_version_0_2_100 but the build ignored it, so the module exports the
 * 0.2.0 marker and StopIteration from request headers stops the whole request on the gateway.
 * Only on hosts that accept 0.2.100 (Higress): elsewhere the tag's marker is unknown (WV1002),
 * so its advice would break the build for that host; the hang itself is WV3006 there.
 */
import { shellWord } from '../buildrc.js';
import { finding } from '../findings.js';
import type { Check } from './types.js';

const TAG = 'proxy_wasm_version_0_2_100';
const MARKER = 'proxy_abi_version_0_2_100';

export const buildrc: Check = {
  name: 'buildrc',
  needs: 'module',
  run({ buildrc: rc, info, host }) {
    const tags = rc?.vars['EXTRA_TAGS'];
    if (rc === null || tags === undefined || !host.abiVersions.includes('0.2.100')) return [];
    if (!tags.split(/[\s,]+/).includes(TAG) || info.markers.includes(MARKER)) return [];
    const marker = info.markers.length === 0 ? 'no ABI marker' : info.markers.join(', ');
    const command = `PLUGIN_NAME=${shellWord(rc.pluginName)} EXTRA_TAGS=${shellWord(tags)} make build`;
    const where = info.markers[0] === undefined ? { file: rc.file } : { file: rc.file, symbol: info.markers[0] };
    return [finding('WV1008', { tags, marker, command }, 'static', where)];
  },
};
