import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
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

  it('reports unreadable or invalid files as usage errors', async () => {
    await expect(loadConfig(join(dir, 'missing.json'))).rejects.toThrow(InputError);
    await expect(loadConfig(file('bad.json', '{ nope'))).rejects.toThrow(/not valid JSON/);
    await expect(loadConfig(file('bad.yaml', 'a: [1, 2\nb: }'))).rejects.toThrow(/neither JSON nor YAML/);
  });
});
