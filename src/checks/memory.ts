/**
 * WV1004: the host takes the module's memory from any exported memory, or creates the one the
 * module imports (src/v8/v8.cc V8::link); it loads a module without either. A warning, not a
 * load error: the module runs until its first hostcall that needs plugin memory, which fails the
 * VM (the emulated host traps there, host-shim/src/memory.ts NoMemory).
 */
import { finding } from '../findings.js';
import type { Check } from './types.js';

export const memory: Check = {
  name: 'memory',
  needs: 'module',
  run({ info }) {
    const exported = info.exports.some((e) => e.kind === 'memory');
    const imported = info.imports.some((i) => i.kind === 'memory');
    return exported || imported ? [] : [finding('WV1004', {}, 'static')];
  },
};
