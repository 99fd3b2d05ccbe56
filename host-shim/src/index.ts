export * from './symbols.js';
export * from './profiles/index.js';
