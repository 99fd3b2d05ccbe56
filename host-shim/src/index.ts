export * from './symbols.js';
export * from './profiles/index.js';
export * from './binary/index.js';
export type * from './types.js';
export { createHost } from './host.js';
export { createSharedStore } from './abi/shared-data.js';
export { serializePairs, parsePairs } from './bytes.js';
export { formatTrace } from './trace.js';
export { createHostBudget, HostExhausted, isHostExhausted, DEFAULT_LIMITS } from './budget.js';
