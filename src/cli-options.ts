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
import { parseHostSpec } from './hosts/spec.js';
import { FORMATS, type Format } from './formatters/names.js';
import { FAILURE_THRESHOLDS, SEVERITIES, type FailureThreshold } from './policy.js';
import type { Severity } from './report.js';
import { RULES, RULE_IDS, type RuleId } from './rules/catalog.js';

/**
 * A --host value as given (its grammar: src/hosts/spec.ts, parseHostSpec): one host, a release,
 * a range, `all`, `versions`, or a comma list; a settings file's list arrives joined with commas.
 */
export type HostOption = string;
/** `auto`: github under GitHub Actions (GITHUB_ACTIONS=true), else human. */
export const FORMAT_CHOICES = [...FORMATS, 'auto'] as const;
export type FormatChoice = (typeof FORMAT_CHOICES)[number];

/** A rule by id (WV1008, any case) or slug (buildrc-abi-tag-ignored). */
export function findRule(q: string): RuleId | undefined {
  const up = q.toUpperCase();
  return RULE_IDS.find((id) => id === up || RULES[id].slug === q.toLowerCase());
}

type Kind = 'verify' | 'inspect' | 'rules' | 'hosts';

interface Spec {
  readonly type: 'string' | 'boolean' | 'number';
  readonly describe: string;
  readonly group: string;
  readonly choices?: readonly string[];
  readonly default?: string;
  /** Given several times, the values are collected. */
  readonly repeatable?: true;
  /** The commands it applies to; default: all. */
  readonly only?: readonly Kind[];
  /** Steers only the traffic phase: no effect with --static. */
  readonly traffic?: true;
}

const VERIFY: readonly Kind[] = ['verify'];

export const OPTIONS = {
  host: { type: 'string', default: 'auto', only: VERIFY, describe: 'gateways to verify against: auto, envoy, istio, higress (newest release), envoy@1.32, istio@1.24, higress@2.0.4, ranges envoy@1.30..1.36, comma lists, all (matrix and minimum versions), versions (minimum versions only), a host table (envoy-main); "wasm-verify hosts" lists them', group: 'Verification:' },
  settings: { type: 'string', only: VERIFY, describe: 'settings file (default: .wasm-verify.yaml or .wasm-verify.json, found from each plugin file up to the repository root)', group: 'Verification:' },
  'no-settings': { type: 'boolean', only: VERIFY, describe: 'use no settings file', group: 'Verification:' },
  config: { type: 'string', only: VERIFY, traffic: true, describe: 'plugin configuration file: JSON passed through, YAML mapping converted to JSON, other text passed raw (default: none, an empty configuration)', group: 'Verification:' },
  'root-id': { type: 'string', only: VERIFY, traffic: true, describe: 'root id, as the gateway sets it', group: 'Verification:' },
  'vm-id': { type: 'string', only: VERIFY, traffic: true, describe: 'vm id, as the gateway sets it', group: 'Verification:' },
  'plugin-dir': { type: 'string', only: VERIFY, describe: 'plugin source directory holding .buildrc (default: next to the wasm file)', group: 'Verification:' },
  static: { type: 'boolean', only: VERIFY, describe: 'static checks only: no instantiation, no traffic', group: 'Verification:' },
  jobs: { type: 'number', only: VERIFY, describe: 'files verified at once (default: every core)', group: 'Verification:' },
  scenario: { type: 'string', repeatable: true, only: VERIFY, traffic: true, describe: 'traffic scenario name or file; repeatable (default: the built-ins)', group: 'Traffic:' },
  wasmplugin: { type: 'string', only: VERIFY, traffic: true, describe: 'Higress WasmPlugin resource YAML (defaultConfig, matchRules)', group: 'Traffic:' },
  timeout: { type: 'number', only: VERIFY, traffic: true, describe: 'wall-clock limit per plugin callback in ms (CPU hang)', group: 'Traffic:' },
  'run-timeout': { type: 'number', only: VERIFY, traffic: true, describe: 'wall-clock limit of one plugin run on one host in ms; a scenario gets a quarter (default 60000)', group: 'Traffic:' },
  'max-events': { type: 'number', only: VERIFY, traffic: true, describe: 'plugin callbacks per scenario (ticks, queue, callout answers…); the run gets 10x (default 100000)', group: 'Traffic:' },
  'host-memory': { type: 'number', only: VERIFY, traffic: true, describe: 'MiB the emulated host may keep for the plugin: shared data, queues, logs, buffers… (default 256)', group: 'Traffic:' },
  trace: { type: 'boolean', only: VERIFY, traffic: true, describe: 'print the host<->vm trace', group: 'Traffic:' },
  soak: { type: 'number', only: VERIFY, traffic: true, describe: 'repeat every passing scenario N times on one VM: memory slope per request, requests to the cap, requests/s', group: 'Traffic:' },
  logs: { type: 'boolean', only: VERIFY, traffic: true, describe: 'show what the plugin logged (level, callback, text; stdout/stderr too) under each scenario and phase', group: 'Traffic:' },
  cluster: { type: 'string', repeatable: true, only: VERIFY, traffic: true, describe: 'an upstream cluster the gateway has; repeatable. A callout to any other gets BadArgument (default: every cluster exists)', group: 'Traffic:' },
  faults: { type: 'boolean', only: VERIFY, traffic: true, describe: 'run each scenario that calls out again with its dependencies failing (timeout, 503, reset)', group: 'Traffic:' },
  ignore: { type: 'string', repeatable: true, only: VERIFY, describe: 'ignore a rule (id or slug): its findings stay in the JSON report, marked, and count for nothing; repeatable', group: 'Policy:' },
  severity: { type: 'string', repeatable: true, only: VERIFY, describe: 'override the severity of a rule: RULE=error|warning|info; repeatable', group: 'Policy:' },
  'failure-threshold': { type: 'string', choices: FAILURE_THRESHOLDS, default: 'error', only: VERIFY, describe: 'the lowest severity that fails a plugin (exit 1); none: report only', group: 'Policy:' },
  format: { type: 'string', choices: FORMAT_CHOICES, default: 'human', describe: 'output format; auto = github under GitHub Actions, else human (inspect and rules: human or json)', group: 'Output:' },
  output: { type: 'string', repeatable: true, describe: 'write the --format output to FILE instead of stdout; FORMAT=FILE writes that format too (repeatable); directories are created', group: 'Output:' },
  'max-annotations': { type: 'number', only: VERIFY, describe: 'github: annotations at most, errors first (default 10)', group: 'Output:' },
  color: { type: 'boolean', describe: 'colours on stdout (default: on a terminal or with FORCE_COLOR; --no-color or NO_COLOR turn them off)', group: 'Output:' },
  debug: { type: 'boolean', describe: 'show stack traces of internal errors', group: 'Output:' },
} as const satisfies Record<string, Spec>;

export type OptionName = keyof typeof OPTIONS;
export const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];
const spec = (n: OptionName): Spec => OPTIONS[n];

/** What an invocation asks for, with typed, validated options. */
/** `--output FORMAT=FILE`: one more report, written to a file. */
export interface OutputTarget {
  readonly format: Format;
  readonly file: string;
}

export interface CliOptions {
  readonly host: HostOption;
  /** --settings FILE; `false` for --no-settings; undefined: look for one. */
  readonly settings?: string | false;
  readonly ignore: readonly RuleId[];
  readonly severity: Readonly<Partial<Record<RuleId, Severity>>>;
  readonly failureThreshold?: FailureThreshold;
  /** A file path, or a configuration written in a settings file (JSON text; `source` names where). */
  readonly config?: string | { readonly inline: string; readonly source: string };
  readonly rootId?: string;
  readonly vmId?: string;
  readonly pluginDir?: string;
  readonly static: boolean;
  /** --jobs: files verified at once (undefined: the default, src/parallel.ts). */
  readonly jobs?: number;
  readonly scenarios: readonly string[];
  readonly wasmplugin?: string;
  readonly timeout?: number;
  readonly runTimeout?: number;
  readonly maxEvents?: number;
  readonly hostMemory?: number;
  readonly trace: boolean;
  /** --soak N: repeats per scenario. */
  readonly soak?: number;
  readonly logs: boolean;
  readonly clusters: readonly string[];
  readonly faults: boolean;
  readonly format: FormatChoice;
  /** The plain --output FILE: where the --format output goes instead of stdout. */
  readonly output?: string;
  readonly maxAnnotations?: number;
  /** --output FORMAT=FILE, in the order given. */
  readonly outputs: readonly OutputTarget[];
  /** Undefined: decide by the terminal. */
  readonly color?: boolean;
  readonly debug: boolean;
}

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'verify'; readonly files: readonly string[]; readonly options: CliOptions; readonly given: GivenOptions; readonly warnings: readonly string[] }
  | { readonly kind: 'inspect'; readonly file: string; readonly options: CliOptions }
  | { readonly kind: 'rules'; readonly rule?: string; readonly options: CliOptions }
  | { readonly kind: 'hosts'; readonly options: CliOptions };

const USAGE = 'Run "wasm-verify --help" for usage.';

function usage(message: string): InputError {
  return new InputError(`${message}\n${USAGE}`);
}

/** One occurrence of an option, as typed (`--no-color`, `--host=all`) or where a settings file set it, and its value. */
export interface Given {
  readonly as: string;
  readonly value: string | boolean;
  /** --config only: the value is the configuration itself (JSON text from a settings file), not a path. */
  readonly inline?: true;
}

/** Options by name, each as often as it was given. */
export type GivenOptions = ReadonlyMap<OptionName, readonly Given[]>;

interface Tokens {
  readonly given: GivenOptions;
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
function single(t: Pick<Tokens, 'given'>, n: OptionName): string | boolean | undefined {
  const list = t.given.get(n) ?? [];
  if (list.length > 1) throw usage(`--${n} is given ${times(list.length)} (${list.map((g) => g.as).join(', ')}); give it once`);
  const v = list[0]?.value;
  const choices = spec(n).choices;
  if (typeof v === 'string' && choices !== undefined && !choices.includes(v)) throw usage(`${list[0]!.as}: expected one of ${choices.join(', ')}`);
  return v;
}

function str(t: Pick<Tokens, 'given'>, n: OptionName): string | undefined {
  const v = single(t, n);
  return typeof v === 'string' ? v : undefined;
}

function flag(t: Pick<Tokens, 'given'>, n: OptionName): boolean | undefined {
  const v = single(t, n);
  return typeof v === 'boolean' ? v : undefined;
}

function all(t: Pick<Tokens, 'given'>, n: OptionName): readonly Given[] {
  return t.given.get(n) ?? [];
}

/** --host, checked by the one parser of its grammar (src/hosts/spec.ts). */
function host(t: Pick<Tokens, 'given'>): HostOption {
  const list = all(t, 'host');
  if (list.length > 1) throw usage(`--host is given ${times(list.length)} (${list.map((g) => g.as).join(', ')}); give it once (several hosts: --host envoy,higress)`);
  const g = list[0];
  if (g === undefined) return 'auto';
  const text = String(g.value);
  try {
    parseHostSpec(text);
  } catch (e) {
    if (e instanceof InputError) throw usage(e.message);
    throw e;
  }
  return text;
}

/** `what`: the unknown rule when `as` does not already end with it. */
function unknownRule(as: string, what?: string): InputError {
  return usage(`${as}: ${what === undefined ? 'no such rule' : `no rule ${what}`}; expected a rule id or slug (wasm-verify rules): ${RULE_IDS.join(', ')}`);
}

function ignore(t: Pick<Tokens, 'given'>): RuleId[] {
  return all(t, 'ignore').map((g) => findRule(String(g.value)) ?? (() => { throw unknownRule(g.as); })());
}

/** --severity RULE=SEVERITY, repeatable; a later one for the same rule wins (the command line comes after the settings). */
function severity(t: Pick<Tokens, 'given'>): Partial<Record<RuleId, Severity>> {
  const out: Partial<Record<RuleId, Severity>> = {};
  for (const g of all(t, 'severity')) {
    const v = String(g.value);
    const eq = v.lastIndexOf('=');
    const sev = v.slice(eq + 1);
    if (eq <= 0 || !(SEVERITIES as readonly string[]).includes(sev)) throw usage(`${g.as}: expected RULE=SEVERITY with SEVERITY one of ${SEVERITIES.join(', ')} (e.g. --severity WV4001=error)`);
    const id = findRule(v.slice(0, eq)) ?? (() => { throw unknownRule(g.as, v.slice(0, eq)); })();
    out[id] = sev as Severity;
  }
  return out;
}

/** --output: at most one plain FILE (the --format output), any number of FORMAT=FILE. */
function outputs(t: Pick<Tokens, 'given'>): { output?: string; outputs: OutputTarget[] } {
  const plain: Given[] = [];
  const targets: OutputTarget[] = [];
  for (const g of all(t, 'output')) {
    const v = String(g.value);
    const eq = v.indexOf('=');
    const format = eq > 0 ? v.slice(0, eq) : '';
    if ((FORMATS as readonly string[]).includes(format)) {
      if (eq === v.length - 1) throw usage(`${g.as}: FORMAT=FILE needs a file name after =`);
      targets.push({ format: format as Format, file: v.slice(eq + 1) });
    } else plain.push(g);
  }
  if (plain.length > 1) throw usage(`--output FILE is given ${times(plain.length)} (${plain.map((g) => g.as).join(', ')}); give one, and other formats as FORMAT=FILE (--output junit=report.xml)`);
  return plain[0] === undefined ? { outputs: targets } : { output: String(plain[0].value), outputs: targets };
}

function config(t: Pick<Tokens, 'given'>): CliOptions['config'] {
  const v = str(t, 'config');
  const g = all(t, 'config')[0];
  return v !== undefined && g?.inline === true ? { inline: v, source: g.as } : v;
}

function settings(t: Pick<Tokens, 'given'>): string | false | undefined {
  const file = str(t, 'settings');
  if (flag(t, 'no-settings') !== true) return file;
  if (file !== undefined) throw usage('--settings and --no-settings: give one of them');
  return false;
}

function timeout(t: Pick<Tokens, 'given'>): number | undefined {
  const v = str(t, 'timeout');
  if (v === undefined) return undefined;
  const ms = Number(v);
  if (v.trim() === '' || !Number.isFinite(ms) || ms <= 0) throw usage('--timeout must be a positive number of milliseconds (e.g. --timeout 5000)');
  return ms;
}

/** A positive number option (`--run-timeout 5000`); integers only where a count is meant. */
function positive(t: Pick<Tokens, 'given'>, n: OptionName, unit: string, example: string, integer = false): number | undefined {
  const v = str(t, n);
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || x <= 0 || (integer && !Number.isInteger(x))) throw usage(`--${n} must be a positive ${integer ? 'whole ' : ''}number${unit} (e.g. --${n} ${example})`);
  return x;
}

/** Soaks beyond this are a typo or a machine-exhausting request: 10 million requests per scenario. */
export const MAX_SOAK = 10_000_000;

function soak(t: Pick<Tokens, 'given'>): number | undefined {
  const v = str(t, 'soak');
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < 1 || n > MAX_SOAK) throw usage(`--soak must be a whole number of requests from 1 to ${MAX_SOAK} (e.g. --soak 10000)`);
  return n;
}

/** A whole number option: at least `min`. */
function count(t: Pick<Tokens, 'given'>, n: 'jobs' | 'max-annotations', min: number, example: string): number | undefined {
  const v = str(t, n);
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isInteger(x) || x < min) throw usage(`--${n} must be a whole number${min > 0 ? ` from ${min}` : ''}${min === 0 ? ' (0 or more)' : ''} (e.g. ${example})`);
  return x;
}

/**
 * Typed, validated options from options given on the command line or set by a settings file
 * (src/settings/: a settings key becomes the Given of its option). Throws InputError.
 */
export function optionsFrom(given: GivenOptions): CliOptions {
  const t = { given };
  const opt = <K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } => (v === undefined ? {} : ({ [key]: v } as { [P in K]: V }));
  return {
    host: host(t),
    ...opt('settings', settings(t)),
    ignore: ignore(t),
    severity: severity(t),
    ...opt('failureThreshold', str(t, 'failure-threshold') as FailureThreshold | undefined),
    ...opt('config', config(t)),
    ...opt('rootId', str(t, 'root-id')),
    ...opt('vmId', str(t, 'vm-id')),
    ...opt('pluginDir', str(t, 'plugin-dir')),
    static: flag(t, 'static') === true,
    ...opt('jobs', count(t, 'jobs', 1, '--jobs 4')),
    scenarios: (t.given.get('scenario') ?? []).map((g) => String(g.value)),
    ...opt('wasmplugin', str(t, 'wasmplugin')),
    ...opt('timeout', timeout(t)),
    ...opt('runTimeout', positive(t, 'run-timeout', ' of milliseconds', '120000')),
    ...opt('maxEvents', positive(t, 'max-events', '', '500000', true)),
    ...opt('hostMemory', positive(t, 'host-memory', ' of MiB', '512')),
    trace: flag(t, 'trace') === true,
    ...opt('soak', soak(t)),
    logs: flag(t, 'logs') === true,
    clusters: [...new Set((t.given.get('cluster') ?? []).map((g) => String(g.value)))],
    faults: flag(t, 'faults') === true,
    format: (str(t, 'format') ?? 'human') as FormatChoice,
    ...outputs(t),
    ...opt('maxAnnotations', count(t, 'max-annotations', 0, '--max-annotations 20')),
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
  const kind: Kind = first === 'inspect' || first === 'rules' || first === 'hosts' ? first : 'verify';
  const rest = first === 'inspect' || first === 'rules' || first === 'hosts' || first === 'verify' ? t.positional.slice(1) : t.positional;
  for (const n of t.given.keys()) {
    const only = spec(n).only;
    if (only !== undefined && !only.includes(kind)) throw usage(`--${n} does not apply to "wasm-verify ${kind}"`);
  }
  const o = optionsFrom(t.given);
  if (kind !== 'verify' && o.format !== 'human' && o.format !== 'json' && o.format !== 'auto') throw usage(`--format ${o.format}: ${kind} writes human or json`);
  if (kind !== 'verify' && o.outputs.length > 0) throw usage(`--output FORMAT=FILE: ${kind} writes one output`);
  if (kind === 'inspect') {
    positionals(kind, rest, 1);
    return { kind, file: rest[0]!, options: o };
  }
  if (kind === 'hosts') {
    if (rest.length > 0) throw usage(`hosts takes no argument, got ${rest.join(' ')}`);
    return { kind, options: o };
  }
  if (kind === 'rules') {
    positionals(kind, rest, 1);
    return rest[0] === undefined ? { kind, options: o } : { kind, rule: rest[0], options: o };
  }
  positionals(kind, rest, Infinity, [...t.given.values()].flat().find((g) => typeof g.value === 'string' && g.value.endsWith('.wasm')));
  const inert = o.static ? OPTION_NAMES.filter((n) => spec(n).traffic === true && t.given.has(n)) : [];
  const warnings = inert.length === 0 ? [] : [`--static: ${inert.map((n) => `--${n}`).join(', ')} ${inert.length === 1 ? 'has' : 'have'} no effect (no traffic runs)`];
  return { kind, files: rest, options: o, given: t.given, warnings };
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
