/** Settings files (src/settings/): found, validated, matched, layered under the command line. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';
import { OPTION_NAMES, parseCommandLine } from '../../src/cli-options.js';
import { InputError } from '../../src/errors.js';
import { SETTINGS_KEYS, SETTINGS_KEY_NAMES, settingsSchema } from '../../src/settings/keys.js';
import { applySettings, findSettings } from '../../src/settings/load.js';

const ROOT = resolve(import.meta.dirname, '../..');
let repo = '';

/** A repository in a temp dir: files by relative path (a directory for names ending in /). */
function layout(files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    const full = join(repo, p);
    if (p.endsWith('/')) mkdirSync(full, { recursive: true });
    else {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
  }
}

/** The options for each file of a command line run in the temp repository. */
function applied(args: string) {
  const cmd = parseCommandLine(args.split(' '));
  if (cmd.kind !== 'verify') throw new Error('not verify');
  const files = cmd.files.map((f) => join(repo, f));
  return applySettings(files, cmd.given, cmd.options).get(files[0]!)!;
}

function settingsError(args: string): string {
  try {
    applied(args);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

beforeEach(() => {
  repo = join(mkdtempSync(join(tmpdir(), 'wv-settings-')), 'repo');
  layout({ '.git/': '', 'extensions/key-auth/plugin.wasm': 'x', 'extensions/ai-proxy/build/deep/plugin.wasm': 'x' });
});

const SAMPLE = `
defaults:
  host: higress
  failureThreshold: error
  ignore: [WV4006]
plugins:
  - files: "extensions/ai-proxy/**/*.wasm"
    config:
      provider: { type: openai, apiTokens: [sk-test] }
  - files: "extensions/key-auth/*.wasm"
    configFile: key-auth.test.yaml
    rootId: key-auth
    host: [envoy, higress]
    ignore: [invalid-memory-access]
    severity: { WV4001: error }
    scenarios: [openai-chat, scenarios/mine.yaml]
`;

describe('the published schema', () => {
  it('is the one made from the key table (node scripts/settings-schema.mjs rewrites it)', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'schemas/settings.schema.json'), 'utf8'))).toEqual(settingsSchema());
  });
  it('names every key of the table, each mapped to a command-line option', () => {
    const entry = (settingsSchema()['properties'] as Record<string, { items: { properties: object } }>)['plugins']!.items.properties;
    expect(Object.keys(entry).sort()).toEqual(['files', ...SETTINGS_KEY_NAMES].sort());
    for (const k of SETTINGS_KEY_NAMES) expect(OPTION_NAMES).toContain(SETTINGS_KEYS[k].option);
  });
  it('accepts the issue\'s example and the example repository\'s file, and rejects an unknown key (ajv, the published file)', () => {
    const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(JSON.parse(readFileSync(join(ROOT, 'schemas/settings.schema.json'), 'utf8')) as object);
    expect(validate(parseYaml(SAMPLE))).toBe(true);
    expect(validate(parseYaml(readFileSync(join(ROOT, 'examples/plugin-repo/.wasm-verify.yaml'), 'utf8')))).toBe(true);
    expect(validate({ defaults: { hots: 'envoy' } })).toBe(false);
  });
});

describe('finding the settings file', () => {
  it('walks up from a nested plugin file to the repository root', () => {
    layout({ '.wasm-verify.yaml': SAMPLE });
    expect(findSettings(join(repo, 'extensions/ai-proxy/build/deep/plugin.wasm'))).toBe(relative(process.cwd(), join(repo, '.wasm-verify.yaml')));
  });
  it('takes the nearest one, and a .json one as well', () => {
    layout({ '.wasm-verify.yaml': SAMPLE, 'extensions/ai-proxy/.wasm-verify.json': '{}' });
    expect(findSettings(join(repo, 'extensions/ai-proxy/build/deep/plugin.wasm'))).toBe(relative(process.cwd(), join(repo, 'extensions/ai-proxy/.wasm-verify.json')));
  });
  it('stops at the directory holding .git', () => {
    writeFileSync(join(repo, '..', '.wasm-verify.yaml'), SAMPLE);
    expect(findSettings(join(repo, 'extensions/key-auth/plugin.wasm'))).toBeUndefined();
  });
  it('refuses two settings files in one directory', () => {
    layout({ '.wasm-verify.yaml': SAMPLE, '.wasm-verify.json': '{}' });
    expect(() => findSettings(join(repo, 'extensions/key-auth/plugin.wasm'))).toThrow(/\.wasm-verify\.yaml and \.wasm-verify\.json both present; keep one/);
  });
});

describe('what applies to a plugin', () => {
  it('the first matching entry over the defaults, paths relative to the settings file', () => {
    layout({ '.wasm-verify.yaml': SAMPLE });
    const a = applied('extensions/key-auth/plugin.wasm');
    expect(a.describe).toMatch(/\.wasm-verify\.yaml \(plugins\[1\]: extensions\/key-auth\/\*\.wasm\)$/);
    expect(a.options).toMatchObject({ host: 'envoy,higress', rootId: 'key-auth', failureThreshold: 'error', ignore: ['WV4006', 'WV4001'], severity: { WV4001: 'error' } });
    expect(resolve(String(a.options.config))).toBe(join(repo, 'key-auth.test.yaml'));
    expect(a.options.scenarios[0]).toBe('openai-chat');
    expect(resolve(a.options.scenarios[1]!)).toBe(join(repo, 'scenarios/mine.yaml'));
  });
  it('an inline configuration as JSON', () => {
    layout({ '.wasm-verify.yaml': SAMPLE });
    const a = applied('extensions/ai-proxy/build/deep/plugin.wasm');
    expect(a.options.config).toEqual({ inline: '{"provider":{"type":"openai","apiTokens":["sk-test"]}}', source: expect.stringMatching(/\.wasm-verify\.yaml plugins\[0\]\.config$/) });
    expect(a.options.host).toBe('higress');
  });
  it('the defaults alone when no entry matches', () => {
    layout({ '.wasm-verify.yaml': SAMPLE, 'other/plugin.wasm': 'x' });
    expect(applied('other/plugin.wasm').describe).toMatch(/\(defaults\)$/);
  });
  it('logs, clusters and faults set --logs, --cluster and --faults', () => {
    layout({ '.wasm-verify.yaml': 'defaults:\n  logs: true\n  faults: true\n  clusters: [auth, llm]\nplugins:\n  - files: "extensions/key-auth/*.wasm"\n    clusters: redis\n' });
    expect(applied('extensions/ai-proxy/build/deep/plugin.wasm').options).toMatchObject({ logs: true, faults: true, clusters: ['auth', 'llm'] });
    expect(applied('extensions/key-auth/plugin.wasm').options).toMatchObject({ logs: true, clusters: ['redis'] });
    expect(applied('--cluster x extensions/key-auth/plugin.wasm').options.clusters).toEqual(['x']);
  });
  it('the command line overrides the file; --ignore adds to its ignores', () => {
    layout({ '.wasm-verify.yaml': SAMPLE });
    const a = applied('--host envoy --root-id mine --failure-threshold warning --ignore WV3001 --severity WV4001=info extensions/key-auth/plugin.wasm');
    expect(a.options).toMatchObject({ host: 'envoy', rootId: 'mine', failureThreshold: 'warning', ignore: ['WV4006', 'WV4001', 'WV3001'], severity: { WV4001: 'info' } });
  });
  it('--settings names a file; --no-settings uses none', () => {
    layout({ '.wasm-verify.yaml': SAMPLE, 'ci/strict.json': JSON.stringify({ defaults: { failureThreshold: 'warning' } }) });
    expect(applied(`--settings ${join(repo, 'ci/strict.json')} extensions/key-auth/plugin.wasm`).options.failureThreshold).toBe('warning');
    const none = applied('--no-settings extensions/key-auth/plugin.wasm');
    expect(none.describe).toBeUndefined();
    expect(none.options.host).toBe('auto');
  });
});

describe('a bad settings file is a usage error listing what is allowed', () => {
  it('unknown keys, each named with where it is', () => {
    layout({ '.wasm-verify.yaml': 'defaults:\n  hots: envoy\nplugins:\n  - files: "*.wasm"\n    rootid: x\n' });
    const m = settingsError('extensions/key-auth/plugin.wasm');
    expect(m).toMatch(/\.wasm-verify\.yaml: 2 problems:/);
    expect(m).toContain('  defaults.hots: unknown key; allowed: host, config, configFile, rootId,');
    expect(m).toContain('  plugins[0].rootid: unknown key; allowed: files, host, config,');
  });
  it('a value out of its choices', () => {
    layout({ '.wasm-verify.yaml': 'defaults:\n  failureThreshold: warn\n' });
    expect(settingsError('extensions/key-auth/plugin.wasm')).toMatch(/defaults\.failureThreshold: "warn" is not allowed; allowed: error, warning, info, none$/);
  });
  it('a bad glob, and one reaching outside the settings file\'s directory', () => {
    layout({ '.wasm-verify.yaml': 'plugins:\n  - files: "extensions/[abc"\n' });
    expect(settingsError('extensions/key-auth/plugin.wasm')).toMatch(/plugins\[0\]\.files: bad glob "extensions\/\[abc": .*\(globs: \* \*\* \? \[abc\] \{a,b\}/);
    layout({ '.wasm-verify.yaml': 'plugins:\n  - files: "../*.wasm"\n' });
    expect(settingsError('extensions/key-auth/plugin.wasm')).toMatch(/plugins\[0\]\.files: "\.\.\/\*\.wasm" is not a glob relative to the settings file/);
  });
  it('an unknown rule id, with the ids listed', () => {
    layout({ '.wasm-verify.yaml': 'defaults:\n  ignore: [WV9999]\n' });
    expect(settingsError('extensions/key-auth/plugin.wasm')).toMatch(/\.wasm-verify\.yaml defaults\.ignore: WV9999: no such rule; expected a rule id or slug \(wasm-verify rules\): WV0001, .*WV4001/);
    layout({ '.wasm-verify.yaml': 'plugins:\n  - files: "*"\n    severity: { WV9998: error }\n' });
    expect(settingsError('extensions/key-auth/plugin.wasm')).toMatch(/plugins\[0\]\.severity: WV9998=error: no rule WV9998/);
  });
  it('config and configFile together', () => {
    layout({ '.wasm-verify.yaml': 'defaults:\n  config: {}\n  configFile: c.json\n' });
    expect(settingsError('extensions/key-auth/plugin.wasm')).toMatch(/defaults: config and configFile both given; give one/);
  });
  it('a file that is not YAML', () => {
    layout({ '.wasm-verify.yaml': 'defaults: [\n' });
    expect(settingsError('extensions/key-auth/plugin.wasm')).toMatch(/\.wasm-verify\.yaml: not valid YAML or JSON/);
  });
});
