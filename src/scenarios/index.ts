export * from './types.js';
export { parseScenario } from './parse.js';
export { loadScenarios, builtinScenarios } from './load.js';
export { ScenarioError } from './reader.js';
export { loadWasmPlugin, readDataFile, type WasmPluginSettings } from './config.js';
export { BUILTIN_NAMES } from './builtin/index.js';
