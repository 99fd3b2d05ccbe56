/**
 * WV0002 after the marker, in the host's order (src/wasm.cc WasmBase::load): the host parses the
 * `name` section itself (a malformed one fails the load although V8 would ignore it), then V8
 * compiles the module.
 */
import { finding } from '../findings.js';
import { BYTECODE_LOG, PARSE_LOG } from './load.js';
import type { Check } from './types.js';

export const bytecode: Check = {
  name: 'bytecode',
  needs: 'module',
  run({ info, compiled }) {
    const out = [];
    if (info.nameSectionError !== undefined) {
      out.push(finding('WV0002', { detail: info.nameSectionError, log: PARSE_LOG }, 'load'));
    }
    if (compiled !== null && 'error' in compiled) {
      out.push(finding('WV0002', { detail: `V8 rejects it: ${compiled.error}`, log: BYTECODE_LOG }, 'load'));
    }
    return out;
  },
};
