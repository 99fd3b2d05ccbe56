import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig } from '../src/config.js';
import { InputError } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'wv-config-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('--config', () => {
  it('passes JSON through byte for byte', async () => {
    const raw = '{ "b": 1,\n  "a": [1, 2] }\n';
    const c = await loadConfig(file('c.json', raw));
    expect(c.format).toBe('json');
    expect(text(c.bytes)).toBe(raw);
  });

  it('converts YAML to JSON', async () => {
    const c = await loadConfig(file('c.yaml', 'provider:\n  type: openai\n  apiTokens: [sk-test]\n'));
    expect(c.format).toBe('yaml');
    expect(text(c.bytes)).toBe('{"provider":{"type":"openai","apiTokens":["sk-test"]}}');
  });

  it('an empty file is an empty configuration', async () => {
    expect((await loadConfig(file('e.yaml', '  \n'))).bytes.length).toBe(0);
  });

  it('converts a YAML list to JSON', async () => {
    const c = await loadConfig(file('l.yml', '- a\n- b: 1\n'));
    expect([c.format, text(c.bytes)]).toEqual(['yaml', '["a",{"b":1}]']);
  });

  it('passes a plain string raw, byte for byte, as Envoy passes a StringValue configuration', async () => {
    const c = await loadConfig(file('header.txt', 'x-my-header'));
    expect([c.format, text(c.bytes)]).toEqual(['raw', 'x-my-header']);
    // YAML reads these as scalars (a string, a number): still the file's own bytes.
    expect(text((await loadConfig(file('s.yaml', 'x-my-header # note\n'))).bytes)).toBe('x-my-header # note\n');
    expect(text((await loadConfig(file('n.conf', '0x10\n'))).bytes)).toBe('0x10\n');
  });

  it('passes text that is not YAML raw, unless the file is named .yaml/.yml or .json', async () => {
    const raw = 'key: value: other\n';
    expect(text((await loadConfig(file('c.conf', raw))).bytes)).toBe(raw);
    await expect(loadConfig(file('c.yaml', raw))).rejects.toThrow(/^--config .*c\.yaml: not valid YAML or JSON: /);
  });

  it('reports unreadable or invalid files as usage errors, in the wording every input uses', async () => {
    await expect(loadConfig(join(dir, 'missing.json'))).rejects.toThrow(InputError);
    await expect(loadConfig(join(dir, 'missing.json'))).rejects.toThrow(/^--config .*missing\.json: no such file$/);
    await expect(loadConfig(dir)).rejects.toThrow(/: is a directory$/);
    await expect(loadConfig(file('bad.json', '{ nope'))).rejects.toThrow(/: not valid JSON: /);
    await expect(loadConfig(file('bad.yaml', 'a: [1, 2\nb: }'))).rejects.toThrow(/: not valid YAML or JSON: /);
  });

  it('describes the configuration for the human header', async () => {
    expect(describeConfig(undefined)).toBe('none (plugin_configuration empty)');
    expect(describeConfig(undefined, 'wp.yaml')).toBe('wp.yaml (WasmPlugin resource)');
    expect(describeConfig({ file: 'c.json', format: 'json', bytes: new Uint8Array(2) })).toBe('c.json (JSON, 2 bytes)');
    expect(describeConfig({ file: 'c.yaml', format: 'yaml', bytes: new Uint8Array(1) })).toBe('c.yaml (YAML converted to JSON, 1 byte)');
    expect(describeConfig({ file: 'h.txt', format: 'raw', bytes: new Uint8Array(11) })).toBe('h.txt (raw text, 11 bytes)');
  });
});
