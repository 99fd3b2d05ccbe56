/**
 * The plugin's own log lines for the report (--logs): per scenario or lifecycle phase, escaped
 * (a plugin controls the text) and capped, with the number of lines left out.
 */
import type { LogEntry } from 'proxy-wasm-host-mock';
import { printableLine } from 'proxy-wasm-host-mock/printable';
import type { LifecycleLogs, PluginLogLine, PluginLogs } from '../report.js';

/** Lines kept per scenario or phase (the newest: a failure's cause is logged last). */
export const MAX_LOG_LINES = 200;
/** Characters kept of one line. */
export const MAX_LOG_CHARS = 2_000;

function line(e: LogEntry): PluginLogLine {
  const source = e.source === 'fd_write' ? (e.level === 'info' ? 'stdout' : 'stderr') : 'proxy_log';
  const level = e.level;
  return { level, callback: e.callback, source, text: printableLine(e.message.replace(/\n+$/, ''), MAX_LOG_CHARS) };
}

/** The plugin's entries (not the host's own) as report lines, the newest MAX_LOG_LINES. */
export function pluginLogs(found: { readonly entries: readonly LogEntry[]; readonly dropped: number }): PluginLogs {
  const own = found.entries.filter((e) => e.source !== 'host' && e.message.trim() !== '');
  const kept = own.slice(Math.max(0, own.length - MAX_LOG_LINES));
  return { lines: kept.map(line), dropped: found.dropped + own.length - kept.length };
}

/** Start-up logs split into start (everything before configure) and configure. */
export function lifecycleLogs(found: { readonly entries: readonly LogEntry[]; readonly dropped: number }): LifecycleLogs {
  const at = found.entries.findIndex((e) => e.callback === 'proxy_on_configure');
  const start = pluginLogs({ entries: at < 0 ? found.entries : found.entries.slice(0, at), dropped: found.dropped });
  const configure = pluginLogs({ entries: at < 0 ? [] : found.entries.slice(at), dropped: 0 });
  return { ...(isEmpty(start) ? {} : { start }), ...(isEmpty(configure) ? {} : { configure }) };
}

export function isEmpty(l: PluginLogs): boolean {
  return l.lines.length === 0 && l.dropped === 0;
}

/** Lines a failure's hint quotes at most (the newest). */
export const CAUSE_LINES = 3;
const CAUSE_LEVELS: ReadonlySet<string> = new Set(['warn', 'error', 'critical']);

/**
 * What a callback logged at warn and above (the newest CAUSE_LINES), quoted for a hint:
 * `"global config parse error: …" (warn), then "plugin start failed"`; '' when nothing. A
 * plugin often names the cause at warn and only then says, at error, that it failed.
 */
export function causeLines(entries: readonly LogEntry[], callback: string): string {
  const own = entries.filter((e) => e.source !== 'host' && e.callback === callback && CAUSE_LEVELS.has(e.level) && e.message.trim() !== '');
  return own
    .slice(-CAUSE_LINES)
    .map((e) => {
      const first = e.message.split('\n').find((l) => l.trim() !== '') ?? '';
      return `"${printableLine(first, 300)}"${e.level === 'warn' ? ' (warn)' : ''}`;
    })
    .join(', then ');
}
