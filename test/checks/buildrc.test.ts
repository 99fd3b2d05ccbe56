import { describe, expect, it } from 'vitest';
import { parseBuildRc, type BuildRc } from '../../src/buildrc.js';
import { buildrc } from '../../src/checks/buildrc.js';
import { runChecks } from '../../src/checks/index.js';
import { context, plugin, rulesOf, wat } from '../helpers/wasm.js';

const rc = (text: string): BuildRc => ({ file: 'extensions/ai-proxy/.buildrc', pluginName: 'ai-proxy', ...parseBuildRc(text) });

describe('buildrc (WV1008)', async () => {
  const v020 = await wat(plugin('', 'proxy_abi_version_0_2_0'));
  const v0100 = await wat(plugin('', 'proxy_abi_version_0_2_100'));

  it('fails a 0.2.0 module whose .buildrc asks for the 0.2.100 tag, with the exact rebuild command', () => {
    const f = runChecks(context(v020, 'higress', rc('EXTRA_TAGS=proxy_wasm_version_0_2_100')), [buildrc]);
    expect(f.map((x) => x.ruleId)).toEqual(['WV1008']);
    expect(f[0]!.hint).toBe('Rebuild with the tags: PLUGIN_NAME=ai-proxy EXTRA_TAGS=proxy_wasm_version_0_2_100 make build');
    expect(f[0]!.where.file).toBe('extensions/ai-proxy/.buildrc');
  });

  it('quotes several tags in the command', () => {
    const f = runChecks(context(v020, 'higress', rc('export EXTRA_TAGS="foo proxy_wasm_version_0_2_100"')), [buildrc]);
    expect(f[0]!.hint).toBe("Rebuild with the tags: PLUGIN_NAME=ai-proxy EXTRA_TAGS='foo proxy_wasm_version_0_2_100' make build");
  });

  it('is not reported on a host without 0.2.100 (envoy): the tag would make the module unknown there (WV1002)', () => {
    expect(rulesOf(buildrc, v020, 'envoy', rc('EXTRA_TAGS=proxy_wasm_version_0_2_100'))).toEqual([]);
    expect(rulesOf(buildrc, v020, 'higress-2.0', rc('EXTRA_TAGS=proxy_wasm_version_0_2_100'))).toEqual(['WV1008']);
  });

  it('passes when the module exports the 0.2.100 marker, or .buildrc does not ask for it', () => {
    expect(rulesOf(buildrc, v0100, 'higress', rc('EXTRA_TAGS=proxy_wasm_version_0_2_100'))).toEqual([]);
    expect(rulesOf(buildrc, v020, 'higress', rc('IMAGE_NAME=go-key-auth'))).toEqual([]);
    expect(rulesOf(buildrc, v020, 'higress', rc('# EXTRA_TAGS=proxy_wasm_version_0_2_100'))).toEqual([]);
    expect(rulesOf(buildrc, v020, 'higress', null)).toEqual([]);
  });
});

describe('parseBuildRc', () => {
  it.each([
    ['EXTRA_TAGS=proxy_wasm_version_0_2_100', 'proxy_wasm_version_0_2_100'],
    ['export EXTRA_TAGS=a', 'a'],
    ["EXTRA_TAGS='a b'", 'a b'],
    ['EXTRA_TAGS="a $X"', 'a x1'],
    ['EXTRA_TAGS=${X}_y # comment', 'x1_y'],
    ['EXTRA_TAGS="q\\"uote"', 'q"uote'],
    ['EXTRA_TAGS=a\\ b', 'a b'],
    ['  EXTRA_TAGS=a;  ', 'a'],
  ])('%s', (line, value) => {
    expect(parseBuildRc(`X=x1\n${line}\n`).vars['EXTRA_TAGS']).toBe(value);
  });

  it('never runs commands: non-assignments are listed as ignored lines', () => {
    const r = parseBuildRc('apt update && apt-get install gcc -y\r\nEXTRA_TAGS=$(rm -rf /)\n');
    expect(r.ignored).toEqual([1]);
    expect(r.vars['EXTRA_TAGS']).toBe('$(rm');
  });
});
