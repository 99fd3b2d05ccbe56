import type { HostId } from 'proxy-wasm-host-mock';
import type { Report } from '../report.js';

/** What formatters may know beyond the report (never part of the JSON). */
export interface FormatOptions {
  /** ANSI colours (human only). */
  readonly color?: boolean;
  /** `--trace`: print the host<->vm trace attached to start and configure findings (human). */
  readonly trace?: boolean;
  /** Only the static checks ran (human: says so in the verdict). */
  readonly staticOnly?: boolean;
  /** What the plugin was configured with, for the human header (traffic runs only). */
  readonly config?: string;
  /** Per file, when files were configured differently (settings files); wins over `config`. */
  readonly configs?: Readonly<Record<string, string>>;
  /** Per file: the settings file and entry that applied (human header). */
  readonly settings?: Readonly<Record<string, string>>;
  /** Per file: a one-line toolchain description for the human header. */
  readonly toolchains?: Readonly<Record<string, string>>;
  /** The compatibility matrix (several hosts asked for: `--host all`, a list): for every file, or per file. */
  readonly matrix?: boolean | Readonly<Record<string, boolean>>;
  /** `--host versions`: only the minimum-version table (report.versions), no per-host detail; for every file, or per file. */
  readonly versionsOnly?: boolean | Readonly<Record<string, boolean>>;
  /** Base for rule documentation links (SARIF helpUri; `<base><ID>.md`); default src/rules/docs-url.ts. */
  readonly docsBase?: string;
  /** github: annotations at most (default 10, what GitHub shows per step); the rest are log lines. */
  readonly maxAnnotations?: number;
}

export type Formatter = (report: Report, options: FormatOptions) => string;

export type { HostId };
