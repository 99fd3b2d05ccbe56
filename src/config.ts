/**
 * `--config FILE`: the plugin configuration as the gateway hands it to proxy_on_configure. JSON is
 * passed through byte for byte (Envoy passes the configured string as is); YAML is converted to
 * JSON, as Higress/Istio serialize a google.protobuf.Struct from a YAML resource.
 */
import { readFileSync } from 'node:fs';
import { InputError } from './errors.js';

export interface PluginConfig {
  readonly file: string;
  readonly format: 'json' | 'yaml' | 'empty';
  readonly bytes: Uint8Array;
}

export async function loadConfig(file: string): Promise<PluginConfig> {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`--config ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? String(e))}`);
  }
  const text = raw.toString('utf8');
  if (text.trim() === '') return { file, format: 'empty', bytes: new Uint8Array(0) };
  try {
    JSON.parse(text);
    return { file, format: 'json', bytes: new Uint8Array(raw) };
  } catch (jsonError) {
    if (/\.json$/i.test(file)) throw new InputError(`--config ${file}: not valid JSON: ${(jsonError as Error).message}`);
  }
  // Loaded only when needed: most runs have no YAML configuration.
  const { parse } = await import('yaml');
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    throw new InputError(`--config ${file}: neither JSON nor YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return { file, format: 'yaml', bytes: new TextEncoder().encode(JSON.stringify(value)) };
}
