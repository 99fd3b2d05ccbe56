#!/usr/bin/env node
/**
 * The command line: yargs -> options -> verify()/inspect() -> formatter -> exit code. Nothing else.
 * Exit codes: 0 pass, 1 a plugin fails, 2 bad usage or unreadable input, 3 internal error.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Yargs from 'yargs';
import { loadConfig } from './config.js';
import { InputError } from './errors.js';
import { exitCode } from './exit-code.js';
import { FORMATS, formatReport, type Format } from './formatters/index.js';
import { formatInspect } from './formatters/inspect.js';
import { inspect } from './index.js';
import { RULES, RULE_IDS, type RuleId } from './rules/catalog.js';
import { readRuleDoc } from './rules/docs.js';
import { verifyDetailed, type HostChoice, type VerifyOptions } from './verify.js';
import { VERSION } from './version.js';

// yargs' CommonJS build: its ESM build wraps help text in the middle of words.
const require = createRequire(import.meta.url);
const yargs = require('yargs') as typeof Yargs;
const { hideBin } = require('yargs/helpers') as { hideBin: (argv: string[]) => string[] };

const HOSTS = ['auto', 'envoy', 'higress', 'higress-2.0', 'all'] as const;
const ISSUES = 'https://github.com/wasm-verify/wasm-verify/issues';
const debug = process.argv.includes('--debug');

interface Out {
  format: string;
  output?: string | undefined;
  color?: boolean | undefined;
}

/** Colour only on a terminal, never with --no-color, NO_COLOR or --output. */
function useColor(o: Out): boolean {
  if (o.color === false || o.output !== undefined) return false;
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  return process.stdout.isTTY === true;
}

function emit(text: string, o: Out): void {
  if (o.output === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(o.output, text);
  } catch (e) {
    throw new InputError(`--output ${o.output}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

async function runVerify(argv: Record<string, unknown>): Promise<number> {
  const format = argv['format'] as Format;
  const config = argv['config'] === undefined ? undefined : await loadConfig(argv['config'] as string);
  const timeout = argv['timeout'] as number | undefined;
  if (timeout !== undefined && (!Number.isFinite(timeout) || timeout <= 0)) throw new InputError(`--timeout must be a positive number of milliseconds, not ${String(argv['timeout'])}`);
  const opt = <T>(key: string): T | undefined => argv[key] as T | undefined;
  const options: VerifyOptions = {
    host: argv['host'] as HostChoice,
    static: argv['static'] === true,
    trace: argv['trace'] === true,
    ...(config ? { config: config.bytes } : {}),
    ...(opt<string>('root-id') !== undefined ? { rootId: opt<string>('root-id')! } : {}),
    ...(opt<string>('vm-id') !== undefined ? { vmId: opt<string>('vm-id')! } : {}),
    ...(opt<string>('plugin-dir') !== undefined ? { pluginDir: opt<string>('plugin-dir')! } : {}),
    ...(opt<string[]>('scenario') !== undefined ? { scenarios: opt<string[]>('scenario')! } : {}),
    ...(opt<string>('wasmplugin') !== undefined ? { wasmplugin: opt<string>('wasmplugin')! } : {}),
    ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
  };
  const { report, modules } = await verifyDetailed(argv['plugin'] as string[], options);
  const out: Out = { format, output: opt<string>('output'), color: opt<boolean>('color') };
  const toolchains = Object.fromEntries(Object.entries(modules).flatMap(([f, m]) => (m ? [[f, m.toolchain.name]] : [])));
  emit(formatReport(report, format, { color: useColor(out), staticOnly: options.static === true, toolchains, matrix: options.host === 'all' }), out);
  return exitCode(report);
}

async function runInspect(argv: Record<string, unknown>): Promise<number> {
  const format = argv['format'] as string;
  if (format !== 'human' && format !== 'json') throw new InputError(`inspect supports --format human or json, not ${format}`);
  const r = await inspect(argv['plugin'] as string);
  const out: Out = { format, output: argv['output'] as string | undefined, color: argv['color'] as boolean | undefined };
  emit(formatInspect(r, format, useColor(out)), out);
  return 0;
}

function findRule(q: string): RuleId | undefined {
  const up = q.toUpperCase();
  return RULE_IDS.find((id) => id === up || RULES[id].slug === q.toLowerCase());
}

async function runRules(argv: Record<string, unknown>): Promise<number> {
  const q = argv['rule'] as string | undefined;
  const out: Out = { format: argv['format'] as string, output: argv['output'] as string | undefined };
  const json = out.format === 'json';
  if (q !== undefined) {
    const id = findRule(q);
    if (id === undefined) throw new InputError(`unknown rule ${q}; run "wasm-verify rules" for the list`);
    const r = RULES[id];
    const doc = readRuleDoc(id);
    emit(json ? `${JSON.stringify({ id, slug: r.slug, title: r.title, severity: r.severity, docs: doc }, null, 2)}\n` : (doc ?? `${id} ${r.slug}: ${r.title}\n`), out);
    return 0;
  }
  const rows = RULE_IDS.map((id) => ({ id, slug: RULES[id].slug, severity: RULES[id].severity, title: RULES[id].title }));
  if (json) {
    emit(`${JSON.stringify(rows, null, 2)}\n`, out);
    return 0;
  }
  const w = Math.max(...rows.map((r) => r.slug.length));
  const lines = rows.map((r) => `${r.id}  ${r.severity.padEnd(7)}  ${r.slug.padEnd(w)}  ${r.title}`);
  emit(`${lines.join('\n')}\n\nRun "wasm-verify rules <ID>" for what a rule means, why the gateway fails and how to fix it.\n`, out);
  return 0;
}

async function main(): Promise<number> {
  let code = 0;
  const run = (fn: (a: Record<string, unknown>) => Promise<number>) => async (a: Record<string, unknown>): Promise<void> => {
    code = await fn(a);
  };
  await yargs(hideBin(process.argv))
    .scriptName('wasm-verify')
    .usage('$0 <plugin.wasm...> [options]')
    .command(
      ['$0 <plugin...>', 'verify'],
      'verify plugin.wasm files (static checks, then traffic unless --static)',
      (y) => y.positional('plugin', { describe: 'plugin .wasm file(s)', type: 'string', array: true, demandOption: true }),
      run(runVerify),
    )
    .command('inspect <plugin>', 'show what a module is: toolchain, ABI markers, imports and exports with signatures', (y) =>
      y.positional('plugin', { describe: 'plugin .wasm file', type: 'string', demandOption: true }), run(runInspect))
    .command('rules [rule]', 'list the rules, or show one rule\'s documentation (rules WV1008)', (y) =>
      y.positional('rule', { describe: 'rule id (WV1008) or slug', type: 'string' }), run(runRules))
    .option('host', { choices: HOSTS, default: 'auto' as const, describe: 'gateway profile to verify against; all = compatibility matrix', group: 'Verification:' })
    .option('config', { type: 'string', describe: 'plugin configuration file (JSON passed through, YAML converted to JSON)', group: 'Verification:' })
    .option('root-id', { type: 'string', describe: 'root id, as the gateway sets it', group: 'Verification:' })
    .option('vm-id', { type: 'string', describe: 'vm id, as the gateway sets it', group: 'Verification:' })
    .option('plugin-dir', { type: 'string', describe: 'plugin source directory holding .buildrc (default: next to the wasm file)', group: 'Verification:' })
    .option('static', { type: 'boolean', describe: 'static checks only: no instantiation, no traffic', group: 'Verification:' })
    .option('scenario', { type: 'string', array: true, describe: 'traffic scenario name or file (repeatable; default: the built-ins)', group: 'Traffic:' })
    .option('wasmplugin', { type: 'string', describe: 'Higress WasmPlugin resource YAML (defaultConfig, matchRules)', group: 'Traffic:' })
    .option('timeout', { type: 'number', describe: 'wall-clock limit per plugin callback in ms (CPU hang)', group: 'Traffic:' })
    .option('trace', { type: 'boolean', describe: 'print the host<->vm trace', group: 'Traffic:' })
    .option('format', { choices: FORMATS, default: 'human' as const, describe: 'output format', group: 'Output:' })
    .option('output', { type: 'string', describe: 'write the output to FILE instead of stdout', group: 'Output:' })
    .option('color', { type: 'boolean', describe: 'colours (default: on a terminal; --no-color or NO_COLOR turn them off)', group: 'Output:' })
    .option('debug', { type: 'boolean', describe: 'show stack traces of internal errors', group: 'Output:' })
    .example('$0 plugin.wasm', 'verify against the gateway the module targets (auto)')
    .example('$0 --host all plugin.wasm', 'which gateways load it, and why the others do not')
    .example('$0 --static --format json --output report.json plugin.wasm', 'static checks only, JSON report to a file')
    .example('$0 --host higress --config config.yaml --scenario openai-chat plugin.wasm', 'one scenario with a plugin configuration')
    .example('$0 inspect plugin.wasm', 'toolchain, ABI marker, imports and exports')
    .example('$0 rules WV1008', 'what a rule means and how to fix it')
    .epilogue(
      'Checks a proxy-wasm plugin.wasm against the gateway that will run it (Envoy/Istio or Higress): ABI marker, exports and imports against the host profile, then fake HTTP/LLM traffic on an emulated host.\n\nExit codes: 0 every plugin passes, 1 a plugin fails, 2 bad usage or unreadable input, 3 internal error.',
    )
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .strict()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      if (err) throw err;
      throw new InputError(`${msg}\nRun "wasm-verify --help" for usage.`);
    })
    .parseAsync();
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof InputError) {
      process.stderr.write(`wasm-verify: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`wasm-verify: internal error: ${msg}\nThis is a bug in wasm-verify, not in your plugin: please report it at ${ISSUES} with the command you ran.\n`);
    if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    else process.stderr.write('Run again with --debug to see the stack trace.\n');
    process.exitCode = 3;
  },
);
