/**
 * wasm-verify as a library. Nothing here prints or exits.
 *
 * @example
 * ```ts
 * import { verify, exitCode, formatReport } from 'wasm-verify';
 * const report = await verify(['plugin.wasm'], { host: 'higress', static: true });
 * process.stdout.write(formatReport(report, 'human', { color: false }));
 * ```
 */
import { compile, inspectBytes, type Inspection, type LoadProblem, type ModuleInfo } from './inspect/index.js';
import { readInput, type InputFile } from './input.js';
import { checkInput } from './verify-args.js';

export { verify, verifyDetailed, verifyFile, hostsFor, loadable } from './verify.js';
export type { VerifyOptions, VerifyInput, HostChoice, RuntimeContext, RuntimeOutcome, RuntimePhase } from './verify.js';
export { exitCode } from './exit-code.js';
export { parseHostSpec, type HostSpec, type HostTarget } from './hosts/spec.js';
export type { FamilyMinimum, OlderFailure } from './hosts/versions.js';
export type { FileProgress } from './parallel.js';
export { applyPolicy, verdictOf, visibleReport, FAILURE_THRESHOLDS, type Policy, type FailureThreshold } from './policy.js';
export { InputError } from './errors.js';
export { RULES, RULE_IDS, type RuleId, type RuleInfo } from './rules/catalog.js';
export { finding, sortFindings } from './findings.js';
export { formatReport, FORMATS, type Format, type FormatOptions } from './formatters/index.js';
export { inspectBytes } from './inspect/index.js';
export { parseBuildRc, findBuildRc, type BuildRc } from './buildrc.js';
export { loadConfig, type PluginConfig } from './config.js';
export { CHECKS, runChecks, type Check, type CheckContext } from './checks/index.js';
export type * from './report.js';
export type * from './inspect/types.js';
export type { Inspection, LoadProblem } from './inspect/index.js';
export { VERSION } from './version.js';

/** What `wasm-verify inspect` shows: the module as read, whether V8 compiles it, or why not. */
export interface InspectReport {
  readonly file: string;
  readonly size: number;
  readonly problem: LoadProblem | null;
  /** V8's complaint when the sections read fine but the module does not validate. */
  readonly compileError: string | null;
  readonly module: ModuleInfo | null;
}

/**
 * Inspects one file (a path or bytes). Throws InputError when the file cannot be read; a file
 * that is not a loadable module comes back with `problem` set.
 */
export async function inspect(input: string | InputFile): Promise<InspectReport> {
  checkInput('inspect', 'input', input);
  const f = typeof input === 'string' ? readInput(input) : input;
  const i: Inspection = inspectBytes(f.bytes);
  const c = i.problem === null ? compile(f.bytes) : null;
  return {
    file: f.file,
    size: f.bytes.length,
    problem: i.problem,
    compileError: c !== null && 'error' in c ? c.error : null,
    module: i.info,
  };
}
