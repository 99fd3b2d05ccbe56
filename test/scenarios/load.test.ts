import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadScenarios, loadWasmPlugin, ScenarioError } from '../../src/scenarios/index.js';

const dir = mkdtempSync(join(tmpdir(), 'wv-scenarios-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
function error(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error('expected a ScenarioError');
}

describe('loadScenarios', () => {
  test('no selection: every built-in', () => {
    expect(loadScenarios().map((s) => s.name)).toEqual(['http-get', 'http-post-json', 'openai-chat', 'openai-chat-stream', 'bare-request']);
  });

  test('built-in names and files, in the order given', () => {
    const yaml = file('one.yaml', 'name: mine\nrequest:\n  method: DELETE\n  path: /x\n');
    const list = file('list.json', JSON.stringify([{ name: 'a' }, { name: 'b' }]));
    const wrapped = file('wrapped.yml', 'scenarios:\n  - name: c\n');
    expect(loadScenarios(['openai-chat', yaml, list, wrapped]).map((s) => s.name)).toEqual(['openai-chat', 'mine', 'a', 'b', 'c']);
    expect(loadScenarios([yaml])[0]?.source).toBe(yaml);
  });

  test('bad selections are usage errors with the name or path', () => {
    expect(error(() => loadScenarios(['http-gett']))).toMatch(/^http-gett: no built-in scenario has this name \(built-ins: http-get,/);
    expect(error(() => loadScenarios([join(dir, 'missing.yaml')]))).toMatch(/missing\.yaml: no such file$/);
    expect(error(() => loadScenarios(['http-get', 'http-get']))).toMatch(/selected twice/);
    expect(error(() => loadScenarios([file('bad.json', '{"name": ')]))).toMatch(/bad\.json: not valid JSON/);
    expect(error(() => loadScenarios([file('bad.yaml', 'name: [')]))).toMatch(/bad\.yaml: not valid YAML/);
    expect(error(() => loadScenarios([file('inner.yaml', 'scenarios:\n  - name: ok\n  - request: 3\n')]))).toMatch(/inner\.yaml: scenarios\[1\]: /);
  });
});

describe('--wasmplugin (Higress WasmPlugin resource)', () => {
  const base = 'apiVersion: extensions.higress.io/v1alpha1\nkind: WasmPlugin\nmetadata:\n  name: ai-proxy\n  namespace: higress-system\n';

  test('defaultConfig, and matchRules as _rules_ (ingress -> _match_route_, domain, service)', () => {
    const p = file(
      'wp.yaml',
      `${base}spec:\n  failStrategy: FAIL_OPEN\n  defaultConfig:\n    provider: {type: openai}\n  matchRules:\n  - ingress: [default/foo]\n    config: {a: 1}\n  - domain: ["*.example.com"]\n    service: [llm.dns]\n    config: {b: 2}\n  - ingress: [x]\n    configDisable: true\n    config: {c: 3}\n`,
    );
    const wp = loadWasmPlugin(p);
    expect(wp.pluginName).toBe('ai-proxy');
    expect(wp.failOpen).toBe(true);
    expect(JSON.parse(wp.config)).toEqual({
      provider: { type: 'openai' },
      _rules_: [
        { a: 1, _match_route_: ['default/foo'] },
        { b: 2, _match_domain_: ['*.example.com'], _match_service_: ['llm.dns'] },
      ],
    });
  });

  test('pluginConfig wins; pluginName is the root id', () => {
    const wp = loadWasmPlugin(file('wp2.yaml', `${base}spec:\n  pluginName: my_root\n  pluginConfig: {x: 1}\n  defaultConfig: {y: 2}\n`));
    expect(wp).toMatchObject({ rootId: 'my_root', failOpen: false, config: '{"x":1}' });
  });

  test('invalid resources are usage errors', () => {
    expect(error(() => loadWasmPlugin(file('wp3.yaml', 'kind: Service\nspec: {}\n')))).toMatch(/kind: expected kind WasmPlugin/);
    expect(error(() => loadWasmPlugin(file('wp4.yaml', `${base}spec:\n  matchRules:\n  - ingress: [a]\n`)))).toMatch(/matchRules\[0\]: invalid rule has no config/);
    expect(error(() => loadWasmPlugin(file('wp5.yaml', `${base}spec:\n  matchRules:\n  - config: {a: 1}\n`)))).toMatch(/no match condition/);
    expect(error(() => loadWasmPlugin(file('wp6.yaml', `${base}spec:\n  defaultConfigDisable: true\n`)))).toMatch(/does not install the plugin/);
  });
});
