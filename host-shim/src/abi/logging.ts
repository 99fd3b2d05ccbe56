/** proxy_log / proxy_get_log_level (src/exports.cc log, get_log_level; Envoy Context::log). */
import type { HostCore } from '../core.js';
import { LogLevel, WasmResult, type LogLevelName } from '../symbols.js';
import { printableLine } from '../printable.js';
import type { LogEntry } from '../types.js';
import { mem, type HostFunctions } from './common.js';
import { MAX_MESSAGE_BYTES } from '../logs.js';

const NAMES = Object.keys(LogLevel) as LogLevelName[];

export function levelName(n: number): LogLevelName {
  return NAMES[n] ?? 'critical';
}

/** Context::log: the message goes to the Envoy log (kept, capped) at the given level. */
export function logMessage(core: HostCore, level: number, bytes: Uint8Array, source: LogEntry['source']): void {
  core.logs.add(levelName(level), bytes, source, core.effectiveContextId || core.currentContextId, core.vm.outerCallback());
  // The trace shows what was logged, not only where (escaped: a plugin controls the text).
  if (source !== 'host') core.traceNote = `${levelName(level)} "${printableLine(new TextDecoder().decode(bytes.subarray(0, 4096)), 200)}"`;
}

export function loggingFunctions(core: HostCore): HostFunctions {
  return {
    proxy_log(level: number, ptr: number, size: number): number {
      if (level >>> 0 > LogLevel.critical) return WasmResult.BadArgument;
      // Only what the log keeps is copied (one more byte tells it the message was cut).
      const msg = mem(core).readPrefix(ptr, size, MAX_MESSAGE_BYTES + 1, 'message');
      logMessage(core, level, msg, 'proxy_log');
      return WasmResult.Ok;
    },
    proxy_get_log_level(retPtr: number): number {
      mem(core).writeU32(retPtr, LogLevel[core.opts.logLevel]);
      return WasmResult.Ok;
    },
  };
}
