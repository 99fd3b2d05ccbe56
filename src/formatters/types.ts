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
  /** Per file: a one-line toolchain description for the human header. */
  readonly toolchains?: Readonly<Record<string, string>>;
  /** Hosts verified per file, when `--host all` asked for the compatibility matrix. */
  readonly matrix?: boolean;
  /** `--host versions`: only the minimum-version table (report.versions), no per-host detail. */
  readonly versionsOnly?: boolean;
  /** Base for rule documentation links (SARIF helpUri). */
  readonly docsBase?: string;
}

export type Formatter = (report: Report, options: FormatOptions) => string;

export type { HostId };
