/**
 * `--config FILE`: the plugin configuration as the gateway hands it to proxy_on_configure.
 * - JSON is passed through byte for byte (Envoy passes the configured string as is);
 * - YAML that is a mapping or a list is converted to JSON, as Higress/Istio serialize a
 *   google.protobuf.Struct from a YAML resource;
 * - anything else (a plain string such as `x-my-header`, which YAML reads as a scalar, or text
 *   that is not YAML at all) is passed raw, byte for byte, as Envoy passes a StringValue
 *   configuration; a `.yaml`/`.yml` file must parse, a `.json` file must be JSON.
 */
import { DataSyntaxError, parseData, readUserFile } from './data-file.js';

export interface PluginConfig {
  readonly file: string;
  /** How the bytes were made: json and raw are the file itself, yaml is converted. */
  readonly format: 'json' | 'yaml' | 'raw' | 'empty' | 'inline';
  readonly bytes: Uint8Array;
}

export async function loadConfig(file: string): Promise<PluginConfig> {
  const label = `--config ${file}`;
  const raw = new Uint8Array(readUserFile(file, label));
  const text = new TextDecoder().decode(raw);
  if (text.trim() === '') return { file, format: 'empty', bytes: new Uint8Array(0) };
  let parsed: ReturnType<typeof parseData>;
  try {
    parsed = parseData(text, label);
  } catch (e) {
    if (e instanceof DataSyntaxError && !/\.(json|ya?ml)$/i.test(file)) return { file, format: 'raw', bytes: raw };
    throw e;
  }
  if (parsed.format === 'json') return { file, format: 'json', bytes: raw };
  if (typeof parsed.value !== 'object' || parsed.value === null) return { file, format: 'raw', bytes: raw };
  return { file, format: 'yaml', bytes: new TextEncoder().encode(JSON.stringify(parsed.value)) };
}

/** A configuration written in a settings file (`config:`), already JSON text; `source` names where. */
export function inlineConfig(json: string, source: string): PluginConfig {
  return { file: source, format: 'inline', bytes: new TextEncoder().encode(json) };
}

/** The header line of the human output: what the plugin was configured with. */
export function describeConfig(c: PluginConfig | undefined, wasmplugin?: string): string {
  if (wasmplugin !== undefined) return `${wasmplugin} (WasmPlugin resource)`;
  if (c === undefined) return 'none (plugin_configuration empty)';
  const size = `${c.bytes.length} byte${c.bytes.length === 1 ? '' : 's'}`;
  switch (c.format) {
    case 'json': return `${c.file} (JSON, ${size})`;
    case 'yaml': return `${c.file} (YAML converted to JSON, ${size})`;
    case 'raw': return `${c.file} (raw text, ${size})`;
    case 'empty': return `${c.file} (empty: plugin_configuration empty)`;
    case 'inline': return `${c.file} (inline, as JSON, ${size})`;
  }
}
