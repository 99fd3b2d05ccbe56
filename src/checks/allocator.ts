/**
 * WV1005: src/wasm.cc getFunctions looks up `malloc`, then `proxy_on_memory_allocate`; neither ->
 * "Wasm module is missing malloc function." (A wrong signature is WV1006.)
 */
import { finding } from '../findings.js';
import { exportedFunction } from './helpers.js';
import type { Check } from './types.js';

export const allocator: Check = {
  name: 'allocator',
  needs: 'module',
  run({ info }) {
    const found = exportedFunction(info, 'malloc') ?? exportedFunction(info, 'proxy_on_memory_allocate');
    return found ? [] : [finding('WV1005', {}, 'link')];
  },
};
