/** WV0001, WV0003, WV0002, WV0004: is this a core module the host's loader can read at all? */
import { finding } from '../findings.js';
import type { Check } from './types.js';

export const PARSE_LOG = 'Failed to parse corrupted Wasm module';
export const BYTECODE_LOG = 'Failed to load Wasm bytecode';

export const load: Check = {
  name: 'load',
  needs: 'bytes',
  run(ctx) {
    const p = ctx.inspection.problem;
    if (p === null) return [];
    switch (p.kind) {
      case 'not-wasm':
        return [finding('WV0001', { detail: p.detail }, 'load')];
      case 'component':
        return [finding('WV0003', { version: p.version }, 'load')];
      case 'corrupt':
        return [finding('WV0002', { detail: p.detail, log: p.stage === 'parse' ? PARSE_LOG : BYTECODE_LOG }, 'load')];
      case 'unsupported':
        return [finding('WV0004', { feature: p.feature }, 'load')];
    }
  },
};
