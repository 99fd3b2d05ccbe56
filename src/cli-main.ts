/**
 * The command line: yargs -> options -> verify()/inspect() -> formatter -> exit code. Nothing else.
 * Exit codes: 0 pass, 1 a plugin fails, 2 bad usage or unreadable input, 3 internal error.
 *
 * The common invocation (`wasm-verify [options] plugin.wasm...`) is parsed by yargs-parser alone
 * (bundled with the CLI), with the same option table, because loading all of yargs costs more than
 * the static checks of a 3 MB module; --help, subcommands and every usage error go through yargs
 * itself.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Yargs from 'yargs';
import type { Options as YargsOptions } from 'yargs';
import yargsParser from 'yargs-parser';
import { defaults, OPTION_NAMES, OPTIONS, optionsOfType } from './cli-options.js';
import { InputError } from './errors.js';
import { exitCode } from './exit-code.js';
import { loadFormatter } from './formatters/load.js';
import type { Format } from './formatters/names.js';
import { RULES, RULE_IDS, type RuleId } from './rules/catalog.js';
import type { WorkerPool } from './run/pool.js';
import { verifyDetailed, type HostChoice, type VerifyOptions } from './verify.js';
import { VERSION } from './version.js';

// yargs' CommonJS build (its ESM build wraps help text in the middle of words), loaded on demand.
const require = createRequire(import.meta.url);
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

async function runVerify(argv: Record<string, unknown>, workers?: WorkerPool): Promise<number> {
  const format = argv['format'] as Format;
  const config = argv['config'] === undefined ? undefined : await (await import('./config.js')).loadConfig(argv['config'] as string);
  const timeout = argv['timeout'] as number | undefined;
  if (timeout !== undefined && (!Number.isFinite(timeout) || timeout <= 0)) throw new InputError('--timeout must be a positive number of milliseconds (e.g. --timeout 5000)');
  const opt = <T>(key: string): T | undefined => argv[key] as T | undefined;
  const options: VerifyOptions = {
    host: argv['host'] as HostChoice,
    static: argv['static'] === true,
    trace: argv['trace'] === true,
    ...(config ? { config: config.bytes } : {}),
    ...(opt<string>('root-id') !== undefined ? { rootId: opt<string>('root-id')! } : {}),
    ...(opt<string>('vm-id') !== undefined ? { vmId: opt<string>('vm-id')! } : {}),
    ...(opt<string>('plugin-dir') !== undefined ? { pluginDir: opt<string>('plugin-dir')! } : {}),
    ...(argv['scenario'] !== undefined ? { scenarios: ([] as string[]).concat(argv['scenario'] as string | string[]) } : {}),
    ...(opt<string>('wasmplugin') !== undefined ? { wasmplugin: opt<string>('wasmplugin')! } : {}),
    ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
    ...(workers !== undefined ? { workers } : {}),
  };
  const { report, modules } = await verifyDetailed(argv['plugin'] as string[], options);
  const out: Out = { format, output: opt<string>('output'), color: opt<boolean>('color') };
  const toolchains = Object.fromEntries(Object.entries(modules).flatMap(([f, m]) => (m ? [[f, m.toolchain.name]] : [])));
  const formatter = await loadFormatter(format);
  emit(formatter(report, { color: useColor(out), staticOnly: options.static === true, toolchains, matrix: options.host === 'all' }), out);
  return exitCode(report);
}

async function runInspect(argv: Record<string, unknown>): Promise<number> {
  const format = argv['format'] as string;
  if (format !== 'human' && format !== 'json') throw new InputError(`inspect supports --format human or json, not ${format}`);
  const [{ inspect }, { formatInspect }] = await Promise.all([import('./index.js'), import('./formatters/inspect.js')]);
  const r = await inspect(argv['plugin'] as string);
  const out: Out = { format, output: argv['output'] as string | undefined, color: argv['color'] as boolean | undefined };
  emit(formatInspect(r, format, useColor(out)), out);
  // Like verification: 1 when the file is not a module the gateway could load at all.
  return r.problem === null && r.compileError === null ? 0 : 1;
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
    const doc = (await import('./rules/docs.js')).readRuleDoc(id);
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

const SUBCOMMANDS = new Set(['verify', 'inspect', 'rules']);

/**
 * The fast path: plain verification with only known options and valid values. Anything else
 * (help, version, a subcommand, an unknown option, a bad value) returns undefined and goes to yargs.
 */
function fastParse(args: string[]): Record<string, unknown> | undefined {
  if (args.some((a) => a === '--help' || a === '-h' || a === '--version' || a === '--')) return undefined;
  const { argv, error } = yargsParser.detailed(args, {
    string: optionsOfType('string'),
    boolean: optionsOfType('boolean'),
    number: optionsOfType('number'),
    default: defaults(),
    configuration: { 'camel-case-expansion': false, 'strip-dashed': false },
  });
  if (error !== null) return undefined;
  const positional = (argv['_'] as Array<string | number>).map(String);
  if (positional.length === 0 || SUBCOMMANDS.has(positional[0]!)) return undefined;
  for (const key of Object.keys(argv)) {
    if (key === '_' || key === '$0') continue;
    if (!(OPTION_NAMES as string[]).includes(key)) return undefined;
    const spec = OPTIONS[key as keyof typeof OPTIONS] as { choices?: readonly string[] };
    const values = ([] as unknown[]).concat(argv[key]);
    if (spec.choices !== undefined && values.some((v) => !spec.choices!.includes(String(v)))) return undefined;
    if (key === 'timeout' && values.some((v) => typeof v !== 'number' || Number.isNaN(v))) return undefined;
    if (key !== 'scenario' && values.length > 1) return undefined;
  }
  return { ...argv, plugin: positional };
}

async function viaYargs(args: string[]): Promise<number> {
  const yargs = require('yargs') as typeof Yargs;
  let code = 0;
  const run = (fn: (a: Record<string, unknown>) => Promise<number>) => async (a: Record<string, unknown>): Promise<void> => {
    code = await fn(a);
  };
  await yargs(args)
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
    .command('rules [rule]', "list the rules, or show one rule's documentation (rules WV1008)", (y) =>
      y.positional('rule', { describe: 'rule id (WV1008) or slug', type: 'string' }), run(runRules))
    .options(OPTIONS as unknown as Record<string, YargsOptions>)
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

async function main(workers?: WorkerPool): Promise<number> {
  const args = process.argv.slice(2);
  const fast = fastParse(args);
  return fast === undefined ? viaYargs(args) : runVerify(fast, workers);
}

/**
 * Runs the command line; sets process.exitCode, never calls process.exit. Settles once all
 * output is written. `workers`: the traffic worker started by the entry point (src/cli.ts), if any.
 */
export function runCli(workers?: WorkerPool): Promise<void> {
  return main(workers).then(
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
      process.stderr.write(`wasm-verify: internal error: ${msg}\nThis is a bug in wasm-verify, not in your plugin: please report it to the wasm-verify maintainers with the command you ran and the output of wasm-verify --version.\n`);
      if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
      else process.stderr.write('Run again with --debug to see the stack trace.\n');
      process.exitCode = 3;
    },
  );
}
