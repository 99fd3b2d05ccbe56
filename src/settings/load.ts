/**
 * Settings files (`.wasm-verify.yaml`, `.wasm-verify.yml`, `.wasm-verify.json`): found by walking up
 * from each plugin file to the repository root (the directory holding `.git`), or named with
 * --settings. Validated against the schema made from src/settings/keys.ts (ajv), globs compiled
 * with picomatch, every value turned into its command-line option and checked by the command
 * line's own parser, so a bad file fails before anything is verified (exit 2).
 *
 * For a plugin: the defaults, then the first entry whose `files` glob matches its path (relative to
 * the settings file), then the command line: an option given later replaces the earlier one, except
 * `ignore` and `severity`, which add up.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { Ajv as AjvClass, ErrorObject } from 'ajv';
import { optionsFrom, type CliOptions, type Given, type GivenOptions, type OptionName } from '../cli-options.js';
import { parseData, readUserFile } from '../data-file.js';
import { InputError } from '../errors.js';
import { SETTINGS_KEYS, SETTINGS_KEY_NAMES, settingsSchema, type SettingsKey, type SettingsKeyName } from './keys.js';

export const SETTINGS_NAMES = ['.wasm-verify.yaml', '.wasm-verify.yml', '.wasm-verify.json'] as const;

/** One entry of a settings file, ready to match. */
interface Entry {
  /** `plugins[1]` or `defaults`. */
  readonly label: string;
  readonly globs: readonly string[];
  readonly match: (rel: string) => boolean;
  readonly given: GivenOptions;
}

export interface Settings {
  /** The file as named (--settings) or found (relative to the working directory). */
  readonly file: string;
  readonly dir: string;
  readonly defaults: GivenOptions;
  readonly entries: readonly Entry[];
}

/** What applies to one plugin file. */
export interface Applied {
  readonly options: CliOptions;
  /** For the human header: `.wasm-verify.yaml (plugins[1]: extensions/key-auth/*.wasm)`; undefined without settings. */
  readonly describe?: string;
  /** Files with the same key get the same options. */
  readonly key: string;
}

function settingsError(file: string, problems: readonly string[]): InputError {
  return new InputError(problems.length === 1 ? `${file}: ${problems[0]}` : `${file}: ${problems.length} problems:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

/** `/plugins/1/host` -> `plugins[1].host` */
function where(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (extra !== undefined) parts.push(extra);
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc === '' ? p : `${acc}.${p}`), '') || '(top level)';
}

function allowedKeys(instancePath: string): string {
  const top = instancePath === '';
  const entry = /^\/plugins\/\d+$/.test(instancePath);
  if (top) return '$schema, defaults, plugins';
  return [...(entry ? ['files'] : []), ...SETTINGS_KEY_NAMES].join(', ');
}

/** ajv's errors as one line per problem, the allowed values listed. */
function describeErrors(errors: readonly ErrorObject[]): string[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      byPath.set(`${e.instancePath}\u0000${key}`, [e]);
    } else byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  }
  const out: string[] = [];
  const rank = ['additionalProperties', 'required', 'not', 'enum', 'pattern', 'type', 'minItems', 'minLength', 'exclusiveMinimum', 'uniqueItems'];
  for (const list of byPath.values()) {
    const e = [...list].sort((a, b) => (rank.indexOf(a.keyword) >>> 0) - (rank.indexOf(b.keyword) >>> 0))[0]!;
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'additionalProperties':
        out.push(`${where(e.instancePath, String(p['additionalProperty']))}: unknown key; allowed: ${allowedKeys(e.instancePath)}`);
        break;
      case 'required':
        out.push(`${where(e.instancePath)}: missing ${String(p['missingProperty'])} (a glob relative to the settings file, e.g. extensions/*/plugin.wasm)`);
        break;
      case 'not':
        out.push(`${where(e.instancePath)}: config and configFile both given; give one`);
        break;
      case 'enum':
        out.push(`${where(e.instancePath)}: ${JSON.stringify(e.data)} is not allowed; allowed: ${(p['allowedValues'] as unknown[]).join(', ')}`);
        break;
      case 'pattern':
        out.push(`${where(e.instancePath)}: ${JSON.stringify(e.data)} is not a rule id or slug (e.g. WV4001 or out-of-range-pointer)`);
        break;
      default:
        out.push(`${where(e.instancePath)}: ${e.message ?? 'invalid'}`);
    }
  }
  return out;
}

/** Compiled once per process, on first use: ajv is loaded only when a settings file is read. */
let validator: ((v: unknown) => boolean) & { errors?: ErrorObject[] | null } | undefined;

/** ajv's errors for `value` against the schema made from the key table; none when it is valid. */
function validate(value: unknown): readonly ErrorObject[] {
  if (validator === undefined) {
    const Ajv = (createRequire(import.meta.url)('ajv') as { default: typeof AjvClass }).default;
    validator = new Ajv({ allErrors: true, strict: true, strictRequired: false, verbose: true }).compile(settingsSchema());
  }
  return validator(value) ? [] : (validator.errors ?? []);
}

const posix = (p: string): string => p.split(sep).join('/');

/** A settings value as the option(s) it sets, as if typed; `as` names where it came from. */
function givenFor(key: SettingsKey, value: unknown, at: string, dir: string): Given[] {
  const rel = (p: string): string => posix(relative(process.cwd(), resolve(dir, p))) || '.';
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
  const one = (v: string): Given => ({ as: `${at}: ${v}`, value: v });
  switch (key.value) {
    case 'value': return [one(String(value))];
    case 'flag': return [{ as: `${at}: ${String(value)}`, value: value === true }];
    case 'path': return [one(rel(String(value)))];
    case 'list': return list(value).map((v) => one(String(v)));
    case 'comma-list': return [one(list(value).map(String).join(','))];
    case 'map': return Object.entries(value as Record<string, unknown>).map(([k, v]) => one(`${k}=${String(v)}`));
    case 'scenarios': return list(value).map((v) => one(/[/\\.]/.test(String(v)) ? rel(String(v)) : String(v)));
    case 'inline-json': return [{ as: at, value: JSON.stringify(value), inline: true }];
  }
}

function entryGiven(raw: Record<string, unknown>, at: string, dir: string): Map<OptionName, Given[]> {
  const out = new Map<OptionName, Given[]>();
  for (const name of SETTINGS_KEY_NAMES) {
    if (!Object.hasOwn(raw, name)) continue;
    const key: SettingsKey = SETTINGS_KEYS[name as SettingsKeyName];
    out.set(key.option, [...(out.get(key.option) ?? []), ...givenFor(key, raw[name], `${at}.${name}`, dir)]);
  }
  return out;
}

function compileGlobs(file: string, at: string, globs: readonly string[]): (rel: string) => boolean {
  const bad = globs.filter((g) => isAbsolute(g) || g.split('/').includes('..'));
  if (bad.length > 0) throw settingsError(file, [`${at}.files: ${JSON.stringify(bad[0])} is not a glob relative to the settings file (no absolute path, no ..): e.g. extensions/*/plugin.wasm`]);
  try {
    return picomatch(globs.map((g) => g.replace(/^\.\//, '')), { dot: true, strictBrackets: true });
  } catch (e) {
    throw settingsError(file, [`${at}.files: bad glob ${JSON.stringify(globs.join(', '))}: ${(e as Error).message} (globs: * ** ? [abc] {a,b}, e.g. extensions/*/plugin.wasm)`]);
  }
}

/** Reads, validates and compiles one settings file. Throws InputError (exit 2). */
export function loadSettings(file: string): Settings {
  const label = file;
  const text = readUserFile(file, `--settings ${file}`).toString('utf8');
  const raw = text.trim() === '' ? {} : parseData(text, label).value;
  const errors = validate(raw ?? {});
  if (errors.length > 0) throw settingsError(label, describeErrors(errors));
  const doc = (raw ?? {}) as { defaults?: Record<string, unknown>; plugins?: Array<Record<string, unknown> & { files: string | string[] }> };
  const dir = dirname(resolve(file));
  // Every value through the command line's checks now (rule ids, hosts, timeouts): `as` names the file and key.
  const checked = (given: GivenOptions): GivenOptions => {
    try {
      optionsFrom(given);
    } catch (e) {
      throw new InputError((e as Error).message.split('\n')[0] ?? '');
    }
    return given;
  };
  const defaults = checked(entryGiven(doc.defaults ?? {}, `${label} defaults`, dir));
  const entries = (doc.plugins ?? []).map((p, i): Entry => {
    const label2 = `plugins[${i}]`;
    const globs = Array.isArray(p.files) ? p.files : [p.files];
    return { label: label2, globs, match: compileGlobs(label, label2, globs), given: checked(entryGiven(p, `${label} ${label2}`, dir)) };
  });
  return { file, dir, defaults, entries };
}

/** The settings file for a plugin: the nearest one from its directory up to the repository root. */
export function findSettings(pluginPath: string, cache = new Map<string, string | null>()): string | undefined {
  const seen: string[] = [];
  let dir = dirname(resolve(pluginPath));
  let found: string | null = null;
  for (;;) {
    const cached = cache.get(dir);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    seen.push(dir);
    const here = SETTINGS_NAMES.filter((n) => isFile(join(dir, n)));
    if (here.length > 1) throw new InputError(`${posix(relative(process.cwd(), dir)) || '.'}: ${here.join(' and ')} both present; keep one`);
    if (here[0] !== undefined) {
      found = join(dir, here[0]);
      break;
    }
    const parent = dirname(dir);
    if (existsSync(join(dir, '.git')) || parent === dir) break;
    dir = parent;
  }
  for (const d of seen) cache.set(d, found);
  return found === null ? undefined : posix(relative(process.cwd(), found)) || found;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Later options replace earlier ones; `ignore` and `severity` (adds) add up. */
function layer(...layers: GivenOptions[]): GivenOptions {
  const adds = new Set<OptionName>(SETTINGS_KEY_NAMES.filter((k) => (SETTINGS_KEYS[k] as SettingsKey).adds === true).map((k) => SETTINGS_KEYS[k].option));
  const out = new Map<OptionName, readonly Given[]>();
  for (const l of layers) for (const [n, g] of l) out.set(n, adds.has(n) ? [...(out.get(n) ?? []), ...g] : g);
  return out;
}

/**
 * The options for each plugin file: the command line over its settings (explicit, found, or
 * none with --no-settings). Throws InputError for a bad settings file.
 */
export function applySettings(files: readonly string[], cli: GivenOptions, cliOptions: CliOptions): Map<string, Applied> {
  const out = new Map<string, Applied>();
  if (cliOptions.settings === false) {
    for (const f of files) out.set(f, { options: cliOptions, key: '' });
    return out;
  }
  const loaded = new Map<string, Settings>();
  const cache = new Map<string, string | null>();
  const load = (file: string): Settings => loaded.get(file) ?? (loaded.set(file, loadSettings(file)), loaded.get(file)!);
  const explicit = cliOptions.settings === undefined ? undefined : load(cliOptions.settings);
  for (const f of files) {
    const name = explicit?.file ?? findSettings(f, cache);
    if (name === undefined) {
      out.set(f, { options: cliOptions, key: '' });
      continue;
    }
    const s = load(name);
    const rel = posix(relative(s.dir, resolve(f)));
    const entry = rel.startsWith('../') ? undefined : s.entries.find((e) => e.match(rel));
    const given = layer(s.defaults, entry?.given ?? new Map(), cli);
    out.set(f, {
      options: optionsFrom(given),
      describe: `${s.file} (${entry === undefined ? 'defaults' : `${entry.label}: ${entry.globs.join(', ')}`})`,
      key: `${s.file}\u0000${entry?.label ?? 'defaults'}`,
    });
  }
  return out;
}
