/**
 * proxy-wasm-host-mock/binary: the WebAssembly binary reader the host loads modules with, on its
 * own (no host code): a bounds-checked section walk giving imports and exports with signatures in
 * order, function types, memories, custom sections, `name` section function names and function
 * body ranges. Hostile input ends in a WalkError, never a hang or a huge allocation.
 */
export type * from './types.js';
export { Reader, WalkError } from './reader.js';
export { FeatureError, SECTION_NAMES, walkModule, walkSections } from './walk.js';
export { customSection, functionNames, type FunctionNames } from './names.js';
export { functionBodies } from './code.js';
