/**
 * Data files of the traffic phase: scenario files (JSON or YAML) and a Higress `WasmPlugin`
 * resource (`--wasmplugin FILE`) turned into the plugin configuration the gateway would pass.
 * (`--config FILE` is read by src/config.ts.)
 */
import { DataFileError, readDataFile as readData } from '../data-file.js';
import { Reader, ScenarioError, type Plain } from './reader.js';

/** What a WasmPlugin resource contributes to a verification. */
export interface WasmPluginSettings {
  /** The plugin configuration bytes (JSON text). */
  readonly config: string;
  /** `metadata.name`: Higress's plugin name (property `plugin_name`, log prefix). */
  readonly pluginName?: string;
  /** `spec.pluginName`: Istio passes it as the root id. */
  readonly rootId?: string;
  /** `spec.failStrategy: FAIL_OPEN`. */
  readonly failOpen: boolean;
}

/** Reads a JSON or YAML file into a value (src/data-file.ts); a problem is a ScenarioError (exit 2). */
export function readDataFile(path: string): unknown {
  try {
    return readData(path);
  } catch (e) {
    throw e instanceof DataFileError ? new ScenarioError(e.source, '', e.problem) : e;
  }
}

/**
 * `--wasmplugin FILE`: the configuration the Higress controller builds from a WasmPlugin
 * (alibaba/higress pkg/ingress/config/ingress_config.go convertIstioWasmPlugin): `pluginConfig`
 * verbatim if set; else `defaultConfig` (unless `defaultConfigDisable`) plus `_rules_`, one per
 * enabled match rule, keyed `_match_route_` (ingress), else `_match_domain_` / `_match_service_`.
 * Which rule applies to a request is decided by the plugin itself (wasm-go's rule matcher reads
 * `route_name`, `:authority` and `cluster_name`), so rules take effect when a scenario sets those.
 */
export function loadWasmPlugin(path: string): WasmPluginSettings {
  const r = new Reader(path, '', readDataFile(path));
  r.object();
  const kind = r.at('kind');
  if (kind.present && kind.string() !== 'WasmPlugin') kind.fail(`expected kind WasmPlugin, got ${kind.string()}`);
  const spec = r.at('spec');
  spec.object();
  const name = r.at('metadata').at('name');
  const pluginName = name.present ? name.string() : undefined;
  const rootId = spec.at('pluginName').present ? spec.at('pluginName').string() : undefined;
  const fail = spec.at('failStrategy');
  const failOpen = fail.present && fail.string() === 'FAIL_OPEN';
  const base = { ...(pluginName === undefined ? {} : { pluginName }), ...(rootId === undefined ? {} : { rootId }), failOpen };
  if (spec.at('pluginConfig').present) return { ...base, config: JSON.stringify(spec.at('pluginConfig').object()) };

  const disabled = spec.at('defaultConfigDisable').optBool(false);
  const config: Plain = disabled || !spec.at('defaultConfig').present ? {} : { ...spec.at('defaultConfig').object() };
  const rules = spec.at('matchRules').present ? spec.at('matchRules').array().flatMap(matchRule) : [];
  if (rules.length > 0) config._rules_ = rules;
  else if (disabled) spec.at('defaultConfigDisable').fail('the default configuration is disabled and no match rule is enabled, so the gateway does not install the plugin');
  return { ...base, config: JSON.stringify(config) };
}

function matchRule(r: Reader): Plain[] {
  r.object();
  if (r.at('configDisable').optBool(false)) return [];
  if (!r.at('config').present) r.fail('invalid rule has no config');
  const rule: Plain = { ...r.at('config').object() };
  const list = (key: string): string[] => (r.at(key).present ? r.at(key).array().map((x) => x.string()) : []);
  const ingress = list('ingress');
  if (ingress.length > 0) return [{ ...rule, _match_route_: ingress }];
  const domain = list('domain');
  const service = list('service');
  if (domain.length === 0 && service.length === 0) r.fail('invalid match rule has no match condition (ingress, domain or service)');
  return [{ ...rule, ...(domain.length > 0 ? { _match_domain_: domain } : {}), ...(service.length > 0 ? { _match_service_: service } : {}) }];
}

