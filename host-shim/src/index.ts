export * from './symbols.js';
export * from './profiles/index.js';
export type * from './types.js';
