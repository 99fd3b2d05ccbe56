/**
 * The settings keys of a plugin entry (and of `defaults`), each with the command-line option it
 * sets and its JSON Schema: the one table that both the published schema
 * (schemas/settings.schema.json, made from it) and the loader read. A setting is turned into the
 * option as if it had been typed, so the command line's own checks apply to it.
 *
 * Adding a key for a new option: one line here (then `npm run build` rewrites the schema file).
 */
import { FAILURE_THRESHOLDS, SEVERITIES } from '../policy.js';
import type { OptionName } from '../cli-options.js';

type Schema = Readonly<Record<string, unknown>>;

/** How a settings value becomes the option's value(s). */
export type ValueKind =
  /** one value, as a string */
  | 'value'
  /** a path, relative to the settings file */
  | 'path'
  /** one value or a list: each one as if the option were repeated */
  | 'list'
  /** one value or a list, joined with commas into one value (--host envoy,higress) */
  | 'comma-list'
  /** a mapping KEY: VALUE, each one as KEY=VALUE of a repeated option (--severity WV4001=error) */
  | 'map'
  /** a list of scenario names or files (a name with / \ or . is a file, relative to the settings file) */
  | 'scenarios'
  /** any JSON value, passed as the plugin configuration (JSON text) */
  | 'inline-json'
  /** true or false */
  | 'flag';

export interface SettingsKey {
  readonly option: OptionName;
  readonly value: ValueKind;
  readonly schema: Schema;
  readonly describe: string;
  /** Defaults and the entry add up (ignore, severity) instead of the entry replacing the defaults; the command line still comes last. */
  readonly adds?: true;
}

const str: Schema = { type: 'string', minLength: 1 };
const oneOrMany = (item: Schema): Schema => ({ anyOf: [item, { type: 'array', items: item, minItems: 1 }] });
/** Rule ids and slugs are checked against the catalog by the loader (which lists them); the schema checks the shape. */
const rule: Schema = { type: 'string', pattern: '^([Ww][Vv][0-9]{4}|[a-z0-9]+(-[a-z0-9]+)*)$' };
/** Hosts are checked by the --host parser (src/hosts/spec.ts) when the loader applies them; the schema checks the shape. */

export const SETTINGS_KEYS = {
  host: { option: 'host', value: 'comma-list', describe: 'gateways, as --host takes them: auto, all, versions, envoy|istio|higress[@version], a range (envoy@1.30..1.36), a host table (envoy-main), or a list of them', schema: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true }] } },
  config: { option: 'config', value: 'inline-json', describe: 'plugin configuration, inline: passed as JSON', schema: {} },
  configFile: { option: 'config', value: 'path', describe: 'plugin configuration file, relative to the settings file (as --config)', schema: str },
  rootId: { option: 'root-id', value: 'value', describe: 'root id, as the gateway sets it', schema: { type: 'string' } },
  vmId: { option: 'vm-id', value: 'value', describe: 'vm id, as the gateway sets it', schema: { type: 'string' } },
  pluginDir: { option: 'plugin-dir', value: 'path', describe: 'plugin source directory holding .buildrc, relative to the settings file', schema: str },
  scenarios: { option: 'scenario', value: 'scenarios', describe: 'traffic scenarios: built-in names or files relative to the settings file', schema: oneOrMany(str) },
  wasmplugin: { option: 'wasmplugin', value: 'path', describe: 'Higress WasmPlugin resource YAML, relative to the settings file', schema: str },
  timeout: { option: 'timeout', value: 'value', describe: 'wall-clock limit per plugin callback in ms', schema: { type: 'number', exclusiveMinimum: 0 } },
  runTimeout: { option: 'run-timeout', value: 'value', describe: 'wall-clock limit of one plugin run on one host in ms (a scenario gets a quarter)', schema: { type: 'number', exclusiveMinimum: 0 } },
  maxEvents: { option: 'max-events', value: 'value', describe: 'plugin callbacks per scenario (the run gets ten times as many)', schema: { type: 'integer', exclusiveMinimum: 0 } },
  hostMemory: { option: 'host-memory', value: 'value', describe: 'MiB the emulated host may keep for the plugin in one run', schema: { type: 'number', exclusiveMinimum: 0 } },
  soak: { option: 'soak', value: 'value', describe: 'repeat every passing scenario N times on one VM (memory slope per request, requests/s)', schema: { type: 'integer', minimum: 1, maximum: 10_000_000 } },
  static: { option: 'static', value: 'flag', describe: 'static checks only', schema: { type: 'boolean' } },
  logs: { option: 'logs', value: 'flag', describe: 'keep what the plugin logged, per scenario and lifecycle phase (as --logs)', schema: { type: 'boolean' } },
  clusters: { option: 'cluster', value: 'list', describe: 'the upstream clusters the gateway has; a callout to any other gets BadArgument (as --cluster)', schema: oneOrMany(str) },
  faults: { option: 'faults', value: 'flag', describe: 'run each scenario that calls out again with its dependencies failing (as --faults)', schema: { type: 'boolean' } },
  ignore: { option: 'ignore', value: 'list', adds: true, describe: 'rules to ignore (id or slug)', schema: oneOrMany(rule) },
  severity: { option: 'severity', value: 'map', adds: true, describe: 'severity overrides: { RULE: error|warning|info }', schema: { type: 'object', propertyNames: rule, additionalProperties: { enum: SEVERITIES } } },
  failureThreshold: { option: 'failure-threshold', value: 'value', describe: 'the lowest severity that fails a plugin', schema: { enum: FAILURE_THRESHOLDS } },
} as const satisfies Record<string, SettingsKey>;

export type SettingsKeyName = keyof typeof SETTINGS_KEYS;
export const SETTINGS_KEY_NAMES = Object.keys(SETTINGS_KEYS) as SettingsKeyName[];

/** The JSON Schema of a settings file, made from the table (published as schemas/settings.schema.json). */
export function settingsSchema(): Record<string, unknown> {
  const keys = Object.fromEntries(SETTINGS_KEY_NAMES.map((k) => [k, { description: SETTINGS_KEYS[k].describe, ...SETTINGS_KEYS[k].schema }]));
  const oneConfig = { not: { required: ['config', 'configFile'] } };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'wasm-verify settings (.wasm-verify.yaml / .wasm-verify.json)',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      defaults: { description: 'settings for every plugin file', type: 'object', additionalProperties: false, properties: keys, ...oneConfig },
      plugins: {
        description: 'per-plugin settings; the first entry whose files glob matches a plugin applies (over the defaults)',
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files'],
          properties: { files: { description: 'glob(s), relative to the settings file', ...oneOrMany(str) }, ...keys },
          ...oneConfig,
        },
      },
    },
  };
}

