/**
 * The CLI's options, once: yargs builds --help and error messages from this table, and the fast
 * path (yargs-parser alone) parses the common `wasm-verify plugin.wasm` invocation with it.
 */
import { FORMATS } from './formatters/names.js';

export const HOSTS = ['auto', 'envoy', 'higress', 'higress-2.0', 'all'] as const;

interface Spec {
  readonly type: 'string' | 'boolean' | 'number';
  readonly describe: string;
  readonly group: string;
  readonly choices?: readonly string[];
  readonly default?: string;
}

export const OPTIONS = {
  host: { type: 'string', choices: HOSTS, default: 'auto', describe: 'gateway profile to verify against; all = compatibility matrix', group: 'Verification:' },
  config: { type: 'string', describe: 'plugin configuration file (JSON passed through, YAML converted to JSON)', group: 'Verification:' },
  'root-id': { type: 'string', describe: 'root id, as the gateway sets it', group: 'Verification:' },
  'vm-id': { type: 'string', describe: 'vm id, as the gateway sets it', group: 'Verification:' },
  'plugin-dir': { type: 'string', describe: 'plugin source directory holding .buildrc (default: next to the wasm file)', group: 'Verification:' },
  static: { type: 'boolean', describe: 'static checks only: no instantiation, no traffic', group: 'Verification:' },
  // Not `array: true`: an array option would swallow the plugin path that follows it.
  scenario: { type: 'string', describe: 'traffic scenario name or file; repeatable (default: the built-ins)', group: 'Traffic:' },
  wasmplugin: { type: 'string', describe: 'Higress WasmPlugin resource YAML (defaultConfig, matchRules)', group: 'Traffic:' },
  timeout: { type: 'number', describe: 'wall-clock limit per plugin callback in ms (CPU hang)', group: 'Traffic:' },
  trace: { type: 'boolean', describe: 'print the host<->vm trace', group: 'Traffic:' },
  format: { type: 'string', choices: FORMATS, default: 'human', describe: 'output format', group: 'Output:' },
  output: { type: 'string', describe: 'write the output to FILE instead of stdout', group: 'Output:' },
  color: { type: 'boolean', describe: 'colours (default: on a terminal; --no-color or NO_COLOR turn them off)', group: 'Output:' },
  debug: { type: 'boolean', describe: 'show stack traces of internal errors', group: 'Output:' },
} as const satisfies Record<string, Spec>;

export type OptionName = keyof typeof OPTIONS;
export const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];

/** Options of a given type, for yargs-parser's configuration. */
export function optionsOfType(type: Spec['type']): string[] {
  return OPTION_NAMES.filter((n) => (OPTIONS[n] as Spec).type === type);
}

export function defaults(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of OPTION_NAMES) {
    const d = (OPTIONS[n] as Spec).default;
    if (d !== undefined) out[n] = d;
  }
  return out;
}
