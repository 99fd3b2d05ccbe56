/** The one command-line parser (src/cli-options.ts): what each invocation means, or its usage error. */
import { describe, expect, it } from 'vitest';
import { parseCommandLine, type Command } from '../src/cli-options.js';
import { InputError } from '../src/errors.js';

const parse = (s: string): Command => parseCommandLine(s === '' ? [] : s.split(' '));
const error = (s: string): string => {
  try {
    parse(s);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message.split('\n')[0] ?? '';
  }
  throw new Error(`no usage error for: ${s}`);
};
const verify = (s: string) => {
  const c = parse(s);
  if (c.kind !== 'verify') throw new Error(`not verify: ${c.kind}`);
  return c;
};

describe('valid invocations', () => {
  it.each([
    ['p.wasm', { files: ['p.wasm'], host: 'auto', static: false, format: 'human' }],
    ['--host higress --static p.wasm q.wasm', { files: ['p.wasm', 'q.wasm'], host: 'higress', static: true }],
    ['--host=all p.wasm', { files: ['p.wasm'], host: 'all' }],
    ['p.wasm --format json --output r.json', { files: ['p.wasm'], format: 'json', output: 'r.json' }],
    ['--static=true p.wasm', { static: true }],
    ['--static=false p.wasm', { static: false }],
    ['--no-color p.wasm', { color: false }],
    ['--timeout 250 p.wasm', { timeout: 250 }],
    ['--timeout=1e3 p.wasm', { timeout: 1000 }],
    ['--soak 2000 p.wasm', { soak: 2000 }],
    ['--root-id a --vm-id b --plugin-dir d p.wasm', { rootId: 'a', vmId: 'b', pluginDir: 'd' }],
    ['verify p.wasm', { files: ['p.wasm'] }],
    ['--host envoy,higress p.wasm', { host: 'envoy,higress' }],
    ['--host envoy@1.32,istio@1.24 p.wasm', { host: 'envoy@1.32,istio@1.24' }],
    ['--host higress,higress p.wasm', { host: 'higress,higress' }],
    ['--ignore WV4006 --ignore invalid-memory-access p.wasm', { ignore: ['WV4006', 'WV4001'] }],
    ['--severity wv4001=error --severity WV4006=info p.wasm', { severity: { WV4001: 'error', WV4006: 'info' } }],
    ['--failure-threshold none p.wasm', { failureThreshold: 'none' }],
    ['p.wasm', { ignore: [], severity: {}, outputs: [] }],
    ['--output junit=r/x.xml --output sarif=y.sarif --output plain.txt p.wasm', { output: 'plain.txt', outputs: [{ format: 'junit', file: 'r/x.xml' }, { format: 'sarif', file: 'y.sarif' }] }],
    ['--output odd=name.txt p.wasm', { output: 'odd=name.txt', outputs: [] }],
    ['--format auto p.wasm', { format: 'auto' }],
    ['--settings s.yaml p.wasm', { settings: 's.yaml' }],
    ['--no-settings p.wasm', { settings: false }],
    ['-- --odd.wasm', { files: ['--odd.wasm'] }],
  ])('%s', (args, want) => {
    const c = verify(args);
    const { files, ...options } = want as Record<string, unknown>;
    if (files !== undefined) expect(c.files).toEqual(files);
    expect(c.options).toMatchObject(options);
    expect(c.warnings).toEqual([]);
  });

  it('--scenario and --cluster are repeatable, in the order given', () => {
    expect(verify('--scenario a --scenario=b.yaml p.wasm').options.scenarios).toEqual(['a', 'b.yaml']);
    expect(verify('p.wasm').options.scenarios).toEqual([]);
    expect(verify('--cluster auth --cluster=llm --cluster auth p.wasm').options.clusters).toEqual(['auth', 'llm']);
    expect(verify('p.wasm').options.clusters).toEqual([]);
  });

  it('--logs and --faults are flags of the traffic phase', () => {
    expect(verify('--logs --faults p.wasm').options).toMatchObject({ logs: true, faults: true });
    expect(verify('p.wasm').options).toMatchObject({ logs: false, faults: false });
    expect(verify('--static --logs --cluster a --faults p.wasm').warnings).toEqual(['--static: --logs, --cluster, --faults have no effect (no traffic runs)']);
    expect(error('--logs=yes p.wasm')).toBe('--logs is a flag: give --logs or --no-logs, not --logs=yes');
    expect(error('--cluster p.wasm')).toMatch(/^no plugin file given/);
  });

  it('subcommands, help and version', () => {
    expect(parse('inspect p.wasm')).toMatchObject({ kind: 'inspect', file: 'p.wasm' });
    expect(parse('inspect --format json p.wasm')).toMatchObject({ kind: 'inspect', options: { format: 'json' } });
    expect(parse('rules')).toMatchObject({ kind: 'rules' });
    expect(parse('rules WV1008')).toMatchObject({ kind: 'rules', rule: 'WV1008' });
    expect(parse('--help')).toEqual({ kind: 'help' });
    expect(parse('p.wasm -h --bogus')).toEqual({ kind: 'help' });
    expect(parse('--version')).toEqual({ kind: 'version' });
  });

  it('with --static, options of the traffic phase are reported as having no effect', () => {
    expect(verify('--static --scenario a --config c.json --trace p.wasm').warnings).toEqual(['--static: --config, --scenario, --trace have no effect (no traffic runs)']);
    expect(verify('--static --plugin-dir d --host all p.wasm').warnings).toEqual([]);
    expect(verify('--scenario a --trace p.wasm').warnings).toEqual([]);
  });
});

describe('usage errors (exit 2)', () => {
  it.each([
    ['--host all --host envoy p.wasm', '--host is given twice (--host all, --host envoy); give it once (several hosts: --host envoy,higress)'],
    ['--host envoy,auto p.wasm', '--host envoy,auto: auto cannot be combined with other hosts'],
    ['--ignore WV9999 p.wasm', expect.stringMatching(/^--ignore WV9999: no such rule; expected a rule id or slug \(wasm-verify rules\): WV0001, WV0002, .*WV4001/)],
    ['--severity WV4001 p.wasm', '--severity WV4001: expected RULE=SEVERITY with SEVERITY one of error, warning, info (e.g. --severity WV4001=error)'],
    ['--severity WV4001=fatal p.wasm', '--severity WV4001=fatal: expected RULE=SEVERITY with SEVERITY one of error, warning, info (e.g. --severity WV4001=error)'],
    ['--severity nope=error p.wasm', expect.stringMatching(/^--severity nope=error: no rule nope; expected a rule id or slug/)],
    ['--failure-threshold warn p.wasm', '--failure-threshold warn: expected one of error, warning, info, none'],
    ['--output a.txt --output b.txt p.wasm', '--output FILE is given twice (--output a.txt, --output b.txt); give one, and other formats as FORMAT=FILE (--output junit=report.xml)'],
    ['--output json= p.wasm', '--output json=: FORMAT=FILE needs a file name after ='],
    ['--settings s.yaml --no-settings p.wasm', '--settings and --no-settings: give one of them'],
    ['rules --output sarif=x.sarif', '--output FORMAT=FILE: rules writes one output'],
    ['inspect --ignore WV1001 p.wasm', '--ignore does not apply to "wasm-verify inspect"'],
    ['--format json --format=human p.wasm', '--format is given twice (--format json, --format human); give it once'],
    ['--timeout 5 --timeout 6 --timeout 7 p.wasm', '--timeout is given 3 times (--timeout 5, --timeout 6, --timeout 7); give it once'],
    ['--static --static p.wasm', '--static is given twice (--static, --static); give it once'],
    ['--color --no-color p.wasm', '--color is given twice (--color, --no-color); give it once'],
    ['--bogus p.wasm', 'Unknown argument: --bogus'],
    ['p.wasm --bogus=1 -x', 'Unknown arguments: --bogus, -x'],
    ['--no-host p.wasm', 'Unknown argument: --no-host'],
    ['--host nginx p.wasm', '--host nginx: expected auto, all, versions, envoy|istio|higress, family@version (envoy@1.32), a range (envoy@1.30..1.36), a comma list, or a host table; "wasm-verify hosts" lists them'],
    ['--timeout soon p.wasm', '--timeout must be a positive number of milliseconds (e.g. --timeout 5000)'],
    ['--timeout -5 p.wasm', '--timeout must be a positive number of milliseconds (e.g. --timeout 5000)'],
    ['--timeout=0 p.wasm', '--timeout must be a positive number of milliseconds (e.g. --timeout 5000)'],
    ['--soak 0 p.wasm', '--soak must be a whole number of requests from 1 to 10000000 (e.g. --soak 10000)'],
    ['--soak 2.5 p.wasm', '--soak must be a whole number of requests from 1 to 10000000 (e.g. --soak 10000)'],
    ['--soak 1e9 p.wasm', '--soak must be a whole number of requests from 1 to 10000000 (e.g. --soak 10000)'],
    ['p.wasm --config', '--config needs a value'],
    ['--config --static p.wasm', '--config needs a value'],
    ['--config= p.wasm', '--config needs a value'],
    ['--trace=yes p.wasm', '--trace is a flag: give --trace or --no-trace, not --trace=yes'],
    ['--no-trace=true p.wasm', '--trace is a flag: give --trace or --no-trace, not --no-trace=true'],
    ['', 'no plugin file given: wasm-verify [options] <plugin.wasm...>'],
    ['--config p.wasm', 'no plugin file given: wasm-verify [options] <plugin.wasm...>; --config took p.wasm as its value'],
    ['inspect', 'inspect needs a file: wasm-verify inspect <plugin.wasm>'],
    ['inspect a.wasm b.wasm', 'inspect takes one file, got 2: a.wasm b.wasm'],
    ['rules a b', 'rules takes at most one rule id, got 2: a b'],
    ['inspect --host all p.wasm', '--host does not apply to "wasm-verify inspect"'],
    ['rules --static', '--static does not apply to "wasm-verify rules"'],
    ['rules --format sarif', '--format sarif: rules writes human or json'],
  ])('%s', (args, message) => {
    expect(error(args)).toEqual(message);
  });

  it('every usage error points at --help', () => {
    expect(() => parse('--bogus p.wasm')).toThrow(/\nRun "wasm-verify --help" for usage\.$/);
  });
});
