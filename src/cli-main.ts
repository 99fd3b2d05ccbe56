/**
 * The command line: arguments -> options (src/cli-options.ts) -> verify()/inspect() -> formatter
 * -> exit code. Nothing else. yargs (loaded on demand) only renders --help.
 *
 * Exit codes: 0 every plugin passes, 1 a plugin fails, 2 bad usage or an unreadable input,
 * 3 internal error. With several files, the run goes on past an unreadable one and the exit code
 * is the worst of all: 3 > 2 > 1 > 0.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type Yargs from 'yargs';
import type { Options as YargsOptions } from 'yargs';
import { findRule, parseCommandLine, yargsOptions, type CliOptions, type Command, type FormatChoice } from './cli-options.js';
import { unreadableReason } from './data-file.js';
import { InputError } from './errors.js';
import { createProgress } from './cli-progress.js';
import { exitCode } from './exit-code.js';
import { loadFormatter } from './formatters/load.js';
import { readInput, type InputFile } from './input.js';
import type { Prefetched } from './prefetch.js';
import type { Format } from './formatters/names.js';
import { visibleReport } from './policy.js';
import { RULES, RULE_IDS } from './rules/catalog.js';
import { applySettings, type Applied } from './settings/load.js';
import type { WorkerPool } from './run/pool.js';
import { hostSpecOf, verifyDetailed, type VerifyOptions } from './verify.js';
import { VERSION } from './version.js';

// yargs' CommonJS build (its ESM build wraps help text in the middle of words), loaded on demand.
const require = createRequire(import.meta.url);

/** What the entry point (src/cli.ts) started before the arguments were parsed. */
export interface CliContext {
  /** A traffic worker started on a guess; closed unused when the command runs no traffic. */
  readonly workers?: WorkerPool;
  /** Files read and compiling already, by path as written; used only for plugin files. */
  readonly prefetched?: ReadonlyMap<string, Prefetched>;
}

type Warn = (line: string) => void;

/**
 * Colour on stdout: --no-color, then --color, then NO_COLOR, then FORCE_COLOR, then a terminal.
 * Never in a file (--output).
 */
export function useColor(color: boolean | undefined, toStdout: boolean, env: NodeJS.ProcessEnv = process.env, isTTY = process.stdout.isTTY === true): boolean {
  if (!toStdout || color === false) return false;
  if (color === true) return true;
  const set = (v: string | undefined): boolean => v !== undefined && v !== '';
  if (set(env['NO_COLOR'])) return false;
  if (set(env['FORCE_COLOR'])) return env['FORCE_COLOR'] !== '0' && env['FORCE_COLOR'] !== 'false';
  return isTTY;
}

/** `--format auto`: github under GitHub Actions, human elsewhere. */
export function resolveFormat(f: FormatChoice, env: NodeJS.ProcessEnv = process.env): Format {
  return f === 'auto' ? (env['GITHUB_ACTIONS'] === 'true' ? 'github' : 'human') : f;
}

/** Writes to stdout and waits for it: a failed write (a full disk, a closed stdout) is exit 2, not a crash. */
function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (e: unknown): void => reject(new InputError(`cannot write the report to stdout: ${stdoutReason(e)}`));
    try {
      process.stdout.write(text, (e) => (e ? fail(e) : resolve()));
    } catch (e) {
      fail(e);
    }
  });
}

function stdoutReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'no space left on the device (ENOSPC)';
  if (code === 'EPIPE') return 'the reader closed the pipe (EPIPE)';
  if (code === 'EBADF') return 'stdout is closed (EBADF)';
  return unreadableReason(e, 'write');
}

/** Writes one report to a file, creating its directory. */
function writeOutput(file: string, text: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (e) {
    throw new InputError(`--output ${file}: ${unreadableReason(e, 'write')}`);
  }
}

async function emit(text: string, o: Pick<CliOptions, 'output'>): Promise<void> {
  if (o.output === undefined) await writeStdout(text);
  else writeOutput(o.output, text);
}

/** The plugin files: prefetched bytes for a path the parser named, else read now; unreadable ones reported. */
function readInputs(files: readonly string[], ctx: CliContext, warn: Warn): InputFile[] {
  const out: InputFile[] = [];
  for (const file of files) {
    const pre = ctx.prefetched?.get(file);
    if (pre !== undefined) {
      out.push({ file, path: file, bytes: pre.bytes, precompiled: pre.compiled });
      continue;
    }
    try {
      out.push(readInput(file));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      warn(`wasm-verify: ${e.message}`);
    }
  }
  return out;
}

/** Files that share options (the same settings entry), in the order first named. */
function groups(files: readonly string[], applied: ReadonlyMap<string, Applied>): Array<{ options: CliOptions; files: string[]; describe?: string }> {
  const out = new Map<string, { options: CliOptions; files: string[]; describe?: string }>();
  for (const f of files) {
    const a = applied.get(f)!;
    const g = out.get(a.key) ?? { options: a.options, files: [], ...(a.describe === undefined ? {} : { describe: a.describe }) };
    g.files.push(f);
    out.set(a.key, g);
  }
  return [...out.values()];
}

async function runVerify(cmd: Extract<Command, { kind: 'verify' }>, ctx: CliContext, warn: Warn): Promise<number> {
  const cli = cmd.options;
  for (const w of cmd.warnings) warn(`wasm-verify: warning: ${w}`);
  const { loadConfig, inlineConfig, describeConfig } = await import('./config.js');
  // Settings first: a bad settings file is a usage error before anything is read or run.
  const applied = applySettings(cmd.files, cmd.given, cli);
  const inputs = readInputs(cmd.files, ctx, warn);
  const unreadable = inputs.length < cmd.files.length ? 2 : 0;
  if (inputs.length === 0) return unreadable;
  // One verification over every file, each with its own options (its settings entry): the files
  // run as one set, whatever entries they match.
  const perFile = new Map<string, VerifyOptions>();
  const configs: Record<string, string> = {};
  const settings: Record<string, string> = {};
  const matrix: Record<string, boolean> = {};
  const versionsOnly: Record<string, boolean> = {};
  let allStatic = true;
  for (const g of groups(cmd.files, applied)) {
    const o = g.options;
    const config = o.config === undefined ? undefined : typeof o.config === 'string' ? await loadConfig(o.config) : inlineConfig(o.config.inline, o.config.source);
    const options: VerifyOptions = {
      host: o.host,
      static: o.static,
      trace: o.trace,
      ...(o.logs ? { logs: true } : {}),
      ...(o.faults ? { faults: true } : {}),
      ...(o.clusters.length === 0 ? {} : { clusters: o.clusters }),
      ...(config === undefined ? {} : { config: config.bytes }),
      ...(o.rootId === undefined ? {} : { rootId: o.rootId }),
      ...(o.vmId === undefined ? {} : { vmId: o.vmId }),
      ...(o.pluginDir === undefined ? {} : { pluginDir: o.pluginDir }),
      ...(o.scenarios.length === 0 ? {} : { scenarios: o.scenarios }),
      ...(o.wasmplugin === undefined ? {} : { wasmplugin: o.wasmplugin }),
      ...(o.timeout === undefined ? {} : { timeoutMs: o.timeout }),
      ...(o.runTimeout === undefined ? {} : { runTimeoutMs: o.runTimeout }),
      ...(o.maxEvents === undefined ? {} : { maxEvents: o.maxEvents }),
      ...(o.hostMemory === undefined ? {} : { hostMemoryMb: o.hostMemory }),
      ...(o.soak === undefined ? {} : { soak: o.soak }),
      policy: { ignore: o.ignore, severity: o.severity, ...(o.failureThreshold === undefined ? {} : { failOn: o.failureThreshold }) },
    };
    for (const f of g.files) {
      perFile.set(f, options);
      if (!o.static) configs[f] = describeConfig(config, o.wasmplugin);
      if (g.describe !== undefined) settings[f] = g.describe;
      const spec = hostSpecOf(o.host);
      matrix[f] = spec.kind === 'targets' && spec.matrix;
      versionsOnly[f] = spec.kind === 'targets' && spec.versionsOnly;
    }
    allStatic &&= o.static;
  }
  // On a terminal only: files done / total and the one running longest, on stderr.
  const progress = createProgress(process.stderr);
  const { report, modules } = await verifyDetailed(inputs, {
    host: cli.host,
    static: allStatic,
    ...(cli.jobs === undefined ? {} : { jobs: cli.jobs }),
    ...(ctx.workers === undefined ? {} : { workers: ctx.workers }),
    perFile,
    onProgress: progress.onProgress,
  }).finally(() => progress.stop());
  const toolchains = Object.fromEntries(Object.entries(modules).flatMap(([f, m]) => (m ? [[f, m.toolchain.name]] : [])));
  const formatOptions = { staticOnly: allStatic, trace: cli.trace, toolchains, matrix, versionsOnly, configs, settings, ...(cli.maxAnnotations === undefined ? {} : { maxAnnotations: cli.maxAnnotations }) };
  const primary = resolveFormat(cli.format);
  // The JSON record says which settings file and entry applied, as the human header does.
  const recorded = { ...report, results: report.results.map((r) => (settings[r.file] === undefined ? r : { ...r, settings: settings[r.file] })) };
  const render = async (format: Format, color: boolean): Promise<string> => (await loadFormatter(format))(format === 'json' ? recorded : visibleReport(report), { ...formatOptions, color });
  for (const t of cli.outputs) writeOutput(t.file, await render(t.format, false));
  await emit(await render(primary, useColor(cli.color, cli.output === undefined)), cli);
  return Math.max(unreadable, exitCode(report));
}

async function runInspect(cmd: Extract<Command, { kind: 'inspect' }>): Promise<number> {
  const format = cmd.options.format === 'json' ? 'json' : 'human';
  const [{ inspect }, { formatInspect }] = await Promise.all([import('./index.js'), import('./formatters/inspect.js')]);
  const r = await inspect(cmd.file);
  await emit(formatInspect(r, format, useColor(cmd.options.color, cmd.options.output === undefined)), cmd.options);
  // Like verification: 1 when the file is not a module the gateway could load at all.
  return r.problem === null && r.compileError === null ? 0 : 1;
}

async function runRules(cmd: Extract<Command, { kind: 'rules' }>): Promise<number> {
  const json = cmd.options.format === 'json';
  const q = cmd.rule;
  if (q !== undefined) {
    const id = findRule(q);
    if (id === undefined) throw new InputError(`unknown rule ${q}; run "wasm-verify rules" for the list`);
    const r = RULES[id];
    const doc = (await import('./rules/docs.js')).readRuleDoc(id);
    await emit(json ? `${JSON.stringify({ id, slug: r.slug, title: r.title, severity: r.severity, docs: doc }, null, 2)}\n` : (doc ?? `${id} ${r.slug}: ${r.title}\n`), cmd.options);
    return 0;
  }
  const rows = RULE_IDS.map((id) => ({ id, slug: RULES[id].slug, severity: RULES[id].severity, title: RULES[id].title }));
  if (json) {
    await emit(`${JSON.stringify(rows, null, 2)}\n`, cmd.options);
    return 0;
  }
  const w = Math.max(...rows.map((r) => r.slug.length));
  const lines = rows.map((r) => `${r.id}  ${r.severity.padEnd(7)}  ${r.slug.padEnd(w)}  ${r.title}`);
  await emit(`${lines.join('\n')}\n\nRun "wasm-verify rules <ID>" for what a rule means, why the gateway fails and how to fix it.\n`, cmd.options);
  return 0;
}

/** `wasm-verify hosts`: every host table, the releases that run it, their dates and pinned commits. */
async function runHosts(cmd: Extract<Command, { kind: 'hosts' }>): Promise<number> {
  const { formatHosts } = await import('./hosts/list.js');
  await emit(formatHosts(cmd.options.format === 'json' ? 'json' : 'human'), cmd.options);
  return 0;
}

/** --help, rendered by yargs from the option table (the only use of yargs). */
async function showHelp(args: readonly string[]): Promise<number> {
  const yargs = require('yargs') as typeof Yargs;
  const { DEFAULT_TIMEOUT_MS } = await import('./run/index.js');
  await yargs([...args])
    .scriptName('wasm-verify')
    .usage('$0 <plugin.wasm...> [options]')
    .command(['$0 <plugin...>', 'verify'], 'verify plugin.wasm files (static checks, then traffic unless --static)', (y) =>
      y.positional('plugin', { describe: 'plugin .wasm file(s)', type: 'string', array: true }))
    .command('inspect <plugin>', 'show what a module is: toolchain, ABI markers, imports and exports with signatures', (y) =>
      y.positional('plugin', { describe: 'plugin .wasm file', type: 'string' }))
    .command('hosts', 'list the host profiles: each gateway release, its date and the proxy-wasm-cpp-host commit it pins', (y) => y)
    .command('rules [rule]', "list the rules, or show one rule's documentation (rules WV1008)", (y) =>
      y.positional('rule', { describe: 'rule id (WV1008) or slug', type: 'string' }))
    .options(yargsOptions(DEFAULT_TIMEOUT_MS) as unknown as Record<string, YargsOptions>)
    .example('$0 plugin.wasm', 'verify against the gateway the module targets (auto)')
    .example('$0 --host all plugin.wasm', 'which gateways load it, and why the others do not')
    .example('$0 --host istio@1.24 plugin.wasm', 'does it load and run on Istio 1.24?')
    .example('$0 --host versions plugin.wasm', 'per gateway, the oldest release that runs it')
    .example('$0 --static --format json --output report.json plugin.wasm', 'static checks only, JSON report to a file')
    .example('$0 --host higress --config config.yaml --scenario openai-chat plugin.wasm', 'one scenario with a plugin configuration')
    .example('$0 inspect plugin.wasm', 'toolchain, ABI marker, imports and exports')
    .example('$0 rules WV1008', 'what a rule means and how to fix it')
    .epilogue(
      [
        'Checks a proxy-wasm plugin.wasm against the gateway that will run it (Envoy/Istio or Higress): ABI marker, exports and imports against the host profile, then fake HTTP/LLM traffic on an emulated host.',
        'Every option except --scenario, --cluster, --ignore, --severity and --output FORMAT=FILE may be given once. With --static, options of the traffic phase have no effect (a warning says so).',
        'Exit codes: 0 every plugin passes, 1 a plugin fails, 2 bad usage or unreadable input, 3 internal error; with several files, the worst of them (3 > 2 > 1 > 0).',
      ].join('\n\n'),
    )
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .parseAsync();
  return 0;
}

function run(cmd: Command, ctx: CliContext, warn: Warn): Promise<number> {
  switch (cmd.kind) {
    case 'help': return Promise.resolve(0); // handled by runCli (needs the raw arguments)
    case 'version': return writeStdout(`${VERSION}\n`).then(() => 0);
    case 'verify': return runVerify(cmd, ctx, warn);
    case 'inspect': return runInspect(cmd);
    case 'rules': return runRules(cmd);
    case 'hosts': return runHosts(cmd);
  }
}

/**
 * Runs the command line on `args` (process.argv without node and the script); sets
 * process.exitCode, never calls process.exit. Settles once all output is written, with whether
 * anything was written to stderr (warnings, usage and internal errors).
 */
export async function runCli(args: readonly string[], ctx: CliContext = {}): Promise<boolean> {
  let wroteStderr = false;
  const warn: Warn = (line) => {
    wroteStderr = true;
    process.stderr.write(`${line}\n`);
  };
  let debug = args.includes('--debug');
  // A failed write also emits 'error' on the stream: without a listener, a crash with a stack. The
  // write's callback reports it (writeStdout: exit 2); yargs' --help output is best effort.
  if (process.stdout.listenerCount('error') === 0) process.stdout.on('error', () => undefined);
  try {
    const cmd = parseCommandLine(args);
    if ('options' in cmd) debug = cmd.options.debug;
    const traffic = cmd.kind === 'verify' && !cmd.options.static;
    if (!traffic) void ctx.workers?.close().catch(() => undefined);
    const { workers: _unused, ...rest } = ctx;
    process.exitCode = cmd.kind === 'help' ? await showHelp(args) : await run(cmd, traffic ? ctx : rest, warn);
  } catch (e) {
    void ctx.workers?.close().catch(() => undefined);
    if (e instanceof InputError) {
      warn(`wasm-verify: ${e.message}`);
      process.exitCode = 2;
      return wroteStderr;
    }
    const msg = e instanceof Error ? e.message : String(e);
    warn(`wasm-verify: internal error: ${msg}\nThis is a bug in wasm-verify, not in your plugin: please report it to the wasm-verify maintainers with the command you ran and the output of wasm-verify --version.`);
    if (debug && e instanceof Error && e.stack) warn(e.stack);
    else warn('Run again with --debug to see the stack trace.');
    process.exitCode = 3;
  }
  return wroteStderr;
}
