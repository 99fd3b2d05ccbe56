/**
 * WV1001-WV1003: the ABI marker. The host scans function exports in export order and takes the
 * first name it knows (src/bytecode_util.cc getAbiVersion); none -> "Missing or unknown Proxy-Wasm ABI version".
 */
import { ABI_MARKERS, markerForAbi } from 'proxy-wasm-host-mock/symbols';
import { finding } from '../findings.js';
import type { Check } from './types.js';

export const abiMarker: Check = {
  name: 'abi-marker',
  needs: 'module',
  run({ info, host, abi }) {
    const markers = info.markers;
    if (markers.length === 0) return [finding('WV1001', {}, 'load')];
    if (abi === null) {
      return [
        finding(
          'WV1002',
          { marker: markers.join(', '), host: host.id, accepted: host.abiVersions.map(markerForAbi).join(', '), toolchain: info.toolchain.id },
          'load',
          { symbol: markers[0]! },
        ),
      ];
    }
    if (markers.length > 1) {
      const chosen = markers.find((m) => ABI_MARKERS[m] === abi)!;
      return [finding('WV1003', { markers: markers.join(', '), chosen }, 'load', { symbol: chosen })];
    }
    return [];
  },
};
