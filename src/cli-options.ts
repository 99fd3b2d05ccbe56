/**
 * The command line, once: the option table and the one parser every invocation goes through.
 * yargs only renders --help from the same table (src/cli-main.ts); it never parses what runs.
 *
 * Rules, so that no invocation is read two ways:
 * - an option is `--name value`, `--name=value`, or for flags `--name`, `--no-name`,
 *   `--name=true|false`; `--` ends the options; `-h` is --help;
 * - an unknown option is "Unknown argument", wherever it stands (it never swallows the file after it);
 * - every option but --scenario may be given once: a repeat is a usage error, never "the last wins";
 * - an option of another command (`inspect --host all`) is a usage error;
 * - with --static, options that only steer the traffic phase are reported as having no effect.
 * Usage errors are InputError (exit 2).
 */
import { InputError } from './errors.js';
import { FORMATS, type Format } from './formatters/names.js';

export const HOSTS = ['auto', 'envoy', 'higress', 'higress-2.0', 'all'] as const;
export type HostOption = (typeof HOSTS)[number];

type Kind = 'verify' | 'inspect' | 'rules';

interface Spec {
  readonly type: 'string' | 'boolean' | 'number';
  readonly describe: string;
  readonly group: string;
  readonly choices?: readonly string[];
  readonly default?: string;
  /** Given several times, the values are collected (only --scenario). */
  readonly repeatable?: true;
  /** The commands it applies to; default: all. */
  readonly only?: readonly Kind[];
  /** Steers only the traffic phase: no effect with --static. */
  readonly traffic?: true;
}

const VERIFY: readonly Kind[] = ['verify'];

export const OPTIONS = {
  host: { type: 'string', choices: HOSTS, default: 'auto', only: VERIFY, describe: 'gateway profile to verify against; all = compatibility matrix', group: 'Verification:' },
  config: { type: 'string', only: VERIFY, traffic: true, describe: 'plugin configuration file: JSON passed through, YAML mapping converted to JSON, other text passed raw (default: none, an empty configuration)', group: 'Verification:' },
  'root-id': { type: 'string', only: VERIFY, traffic: true, describe: 'root id, as the gateway sets it', group: 'Verification:' },
  'vm-id': { type: 'string', only: VERIFY, traffic: true, describe: 'vm id, as the gateway sets it', group: 'Verification:' },
  'plugin-dir': { type: 'string', only: VERIFY, describe: 'plugin source directory holding .buildrc (default: next to the wasm file)', group: 'Verification:' },
  static: { type: 'boolean', only: VERIFY, describe: 'static checks only: no instantiation, no traffic', group: 'Verification:' },
  scenario: { type: 'string', repeatable: true, only: VERIFY, traffic: true, describe: 'traffic scenario name or file; repeatable (default: the built-ins)', group: 'Traffic:' },
  wasmplugin: { type: 'string', only: VERIFY, traffic: true, describe: 'Higress WasmPlugin resource YAML (defaultConfig, matchRules)', group: 'Traffic:' },
  timeout: { type: 'number', only: VERIFY, traffic: true, describe: 'wall-clock limit per plugin callback in ms (CPU hang)', group: 'Traffic:' },
  'run-timeout': { type: 'number', only: VERIFY, traffic: true, describe: 'wall-clock limit of one plugin run on one host in ms; a scenario gets a quarter (default 60000)', group: 'Traffic:' },
  'max-events': { type: 'number', only: VERIFY, traffic: true, describe: 'plugin callbacks per scenario (ticks, queue, callout answers…); the run gets 10x (default 100000)', group: 'Traffic:' },
  'host-memory': { type: 'number', only: VERIFY, traffic: true, describe: 'MiB the emulated host may keep for the plugin: shared data, queues, logs, buffers… (default 256)', group: 'Traffic:' },
  trace: { type: 'boolean', only: VERIFY, traffic: true, describe: 'print the host<->vm trace', group: 'Traffic:' },
  format: { type: 'string', choices: FORMATS, default: 'human', describe: 'output format (inspect and rules: human or json)', group: 'Output:' },
  output: { type: 'string', describe: 'write the output to FILE instead of stdout', group: 'Output:' },
  color: { type: 'boolean', describe: 'colours (default: on a terminal; --no-color or NO_COLOR turn them off)', group: 'Output:' },
  debug: { type: 'boolean', describe: 'show stack traces of internal errors', group: 'Output:' },
} as const satisfies Record<string, Spec>;

export type OptionName = keyof typeof OPTIONS;
export const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];
const spec = (n: OptionName): Spec => OPTIONS[n];

/** What an invocation asks for, with typed, validated options. */
export interface CliOptions {
  readonly host: HostOption;
  readonly config?: string;
  readonly rootId?: string;
  readonly vmId?: string;
  readonly pluginDir?: string;
  readonly static: boolean;
  readonly scenarios: readonly string[];
  readonly wasmplugin?: string;
  readonly timeout?: number;
  readonly runTimeout?: number;
  readonly maxEvents?: number;
  readonly hostMemory?: number;
  readonly trace: boolean;
  readonly format: Format;
  readonly output?: string;
  /** Undefined: decide by the terminal. */
  readonly color?: boolean;
  readonly debug: boolean;
}

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'verify'; readonly files: readonly string[]; readonly options: CliOptions; readonly warnings: readonly string[] }
  | { readonly kind: 'inspect'; readonly file: string; readonly options: CliOptions }
  | { readonly kind: 'rules'; readonly rule?: string; readonly options: CliOptions };

const USAGE = 'Run "wasm-verify --help" for usage.';

function usage(message: string): InputError {
  return new InputError(`${message}\n${USAGE}`);
}

/** One occurrence of an option, as typed (`--no-color`, `--host=all`) and its value. */
interface Given {
  readonly as: string;
  readonly value: string | boolean;
}

interface Tokens {
  readonly given: ReadonlyMap<OptionName, readonly Given[]>;
  readonly positional: readonly string[];
  readonly unknown: readonly string[];
  readonly help: boolean;
  readonly version: boolean;
}

function isOption(name: string): name is OptionName {
  return Object.hasOwn(OPTIONS, name);
}

/** Splits argv into options and positionals by the table; never guesses at unknown options. */
function tokenize(args: readonly string[]): Tokens {
  const given = new Map<OptionName, Given[]>();
  const positional: string[] = [];
  const unknown: string[] = [];
  let help = false;
  let version = false;
  const add = (n: OptionName, g: Given): void => void given.set(n, [...(given.get(n) ?? []), g]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (a === '--help' || a === '-h') help = true;
    else if (a === '--version') version = true;
    else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const inline = eq < 0 ? undefined : a.slice(eq + 1);
      const negated = !isOption(name) && name.startsWith('no-') && isOption(name.slice(3)) && spec(name.slice(3) as OptionName).type === 'boolean';
      const key = negated ? name.slice(3) : name;
      if (!isOption(key)) {
        unknown.push(eq < 0 ? a : a.slice(0, eq));
        continue;
      }
      if (spec(key).type === 'boolean') {
        if (inline === undefined) add(key, { as: a, value: !negated });
        else if (!negated && (inline === 'true' || inline === 'false')) add(key, { as: a, value: inline === 'true' });
        else throw usage(`--${key} is a flag: give --${key} or --no-${key}, not ${a}`);
        continue;
      }
      // A value is the rest after `=`, else the next argument unless that is an option itself.
      const next = args[i + 1];
      const value = inline ?? (next !== undefined && !next.startsWith('--') ? (i++, next) : undefined);
      if (value === undefined || value === '') throw usage(`--${key} needs a value`);
      add(key, { as: `--${key} ${value}`, value });
    } else if (a.startsWith('-') && a !== '-') unknown.push(a);
    else positional.push(a);
  }
  return { given, positional, unknown, help, version };
}

function times(n: number): string {
  return n === 2 ? 'twice' : `${n} times`;
}

/** The given value of a single-valued option, checked; undefined when absent. */
function single(t: Tokens, n: OptionName): string | boolean | undefined {
  const list = t.given.get(n) ?? [];
  if (list.length > 1) throw usage(`--${n} is given ${times(list.length)} (${list.map((g) => g.as).join(', ')}); give it once`);
  const v = list[0]?.value;
  const choices = spec(n).choices;
  if (typeof v === 'string' && choices !== undefined && !choices.includes(v)) throw usage(`--${n} ${v}: expected one of ${choices.join(', ')}`);
  return v;
}

function str(t: Tokens, n: OptionName): string | undefined {
  const v = single(t, n);
  return typeof v === 'string' ? v : undefined;
}

function flag(t: Tokens, n: OptionName): boolean | undefined {
  const v = single(t, n);
  return typeof v === 'boolean' ? v : undefined;
}

function timeout(t: Tokens): number | undefined {
  const v = str(t, 'timeout');
  if (v === undefined) return undefined;
  const ms = Number(v);
  if (v.trim() === '' || !Number.isFinite(ms) || ms <= 0) throw usage('--timeout must be a positive number of milliseconds (e.g. --timeout 5000)');
  return ms;
}

/** A positive number option (`--run-timeout 5000`); integers only where a count is meant. */
function positive(t: Tokens, n: OptionName, unit: string, example: string, integer = false): number | undefined {
  const v = str(t, n);
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || x <= 0 || (integer && !Number.isInteger(x))) throw usage(`--${n} must be a positive ${integer ? 'whole ' : ''}number${unit} (e.g. --${n} ${example})`);
  return x;
}

function options(t: Tokens): CliOptions {
  const opt = <K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } => (v === undefined ? {} : ({ [key]: v } as { [P in K]: V }));
  return {
    host: (str(t, 'host') ?? 'auto') as HostOption,
    ...opt('config', str(t, 'config')),
    ...opt('rootId', str(t, 'root-id')),
    ...opt('vmId', str(t, 'vm-id')),
    ...opt('pluginDir', str(t, 'plugin-dir')),
    static: flag(t, 'static') === true,
    scenarios: (t.given.get('scenario') ?? []).map((g) => String(g.value)),
    ...opt('wasmplugin', str(t, 'wasmplugin')),
    ...opt('timeout', timeout(t)),
    ...opt('runTimeout', positive(t, 'run-timeout', ' of milliseconds', '120000')),
    ...opt('maxEvents', positive(t, 'max-events', '', '500000', true)),
    ...opt('hostMemory', positive(t, 'host-memory', ' of MiB', '512')),
    trace: flag(t, 'trace') === true,
    format: (str(t, 'format') ?? 'human') as Format,
    ...opt('output', str(t, 'output')),
    ...opt('color', flag(t, 'color')),
    debug: flag(t, 'debug') === true,
  };
}

/** The positional arguments of a command: at least the ones it needs, at most `max`. */
function positionals(kind: Kind, list: readonly string[], max: number, took?: Given): void {
  if (kind === 'verify' && list.length === 0) throw usage(`no plugin file given: wasm-verify [options] <plugin.wasm...>${took === undefined ? '' : `; ${took.as.split(' ')[0]} took ${String(took.value)} as its value`}`);
  if (kind === 'inspect' && list.length === 0) throw usage('inspect needs a file: wasm-verify inspect <plugin.wasm>');
  if (list.length > max) throw usage(`${kind} takes ${kind === 'inspect' ? 'one file' : 'at most one rule id'}, got ${list.length}: ${list.join(' ')}`);
}

/** Parses the arguments after `node wasm-verify`. Throws InputError (exit 2) for bad usage. */
export function parseCommandLine(args: readonly string[]): Command {
  const t = tokenize(args);
  if (t.help) return { kind: 'help' };
  if (t.version) return { kind: 'version' };
  if (t.unknown.length > 0) throw usage(`Unknown argument${t.unknown.length > 1 ? 's' : ''}: ${t.unknown.join(', ')}`);
  const first = t.positional[0];
  const kind: Kind = first === 'inspect' || first === 'rules' ? first : 'verify';
  const rest = first === 'inspect' || first === 'rules' || first === 'verify' ? t.positional.slice(1) : t.positional;
  for (const n of t.given.keys()) {
    const only = spec(n).only;
    if (only !== undefined && !only.includes(kind)) throw usage(`--${n} does not apply to "wasm-verify ${kind}"`);
  }
  const o = options(t);
  if (kind !== 'verify' && o.format !== 'human' && o.format !== 'json') throw usage(`--format ${o.format}: ${kind} writes human or json`);
  if (kind === 'inspect') {
    positionals(kind, rest, 1);
    return { kind, file: rest[0]!, options: o };
  }
  if (kind === 'rules') {
    positionals(kind, rest, 1);
    return rest[0] === undefined ? { kind, options: o } : { kind, rule: rest[0], options: o };
  }
  positionals(kind, rest, Infinity, [...t.given.values()].flat().find((g) => typeof g.value === 'string' && g.value.endsWith('.wasm')));
  const inert = o.static ? OPTION_NAMES.filter((n) => spec(n).traffic === true && t.given.has(n)) : [];
  const warnings = inert.length === 0 ? [] : [`--static: ${inert.map((n) => `--${n}`).join(', ')} ${inert.length === 1 ? 'has' : 'have'} no effect (no traffic runs)`];
  return { kind, files: rest, options: o, warnings };
}

/** The table as yargs takes it, for --help only. */
export function yargsOptions(defaultTimeoutMs: number): Record<string, { type: Spec['type']; describe: string; group: string; choices?: readonly string[]; default?: string; defaultDescription?: string }> {
  const out: ReturnType<typeof yargsOptions> = {};
  for (const n of OPTION_NAMES) {
    const s = spec(n);
    out[n] = {
      type: s.type,
      describe: s.describe,
      group: s.group,
      ...(s.choices === undefined ? {} : { choices: s.choices }),
      ...(s.default === undefined ? {} : { default: s.default }),
      ...(n === 'timeout' ? { defaultDescription: `${defaultTimeoutMs}` } : {}),
    };
  }
  return out;
}
