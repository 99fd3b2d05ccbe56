/**
 * WV1009: after `_initialize`, upstream cpp-host (since e55d150) calls `__main_void` when `main` is
 * absent; the Higress fork does not, so the module's own initialisation never runs there.
 */
import { finding } from '../findings.js';
import { exportedFunction } from './helpers.js';
import type { Check } from './types.js';

export const mainVoid: Check = {
  name: 'main-void',
  needs: 'module',
  run({ info, host }) {
    const applies =
      !host.callsMainVoid &&
      exportedFunction(info, '__main_void') !== undefined &&
      exportedFunction(info, '_initialize') !== undefined &&
      exportedFunction(info, 'main') === undefined;
    return applies ? [finding('WV1009', { name: '__main_void' }, 'start', { symbol: '__main_void' })] : [];
  },
};
