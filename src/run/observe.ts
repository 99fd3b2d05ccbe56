/**
 * Findings from what the host observed (notes, logs, failures), attributed to the scenario or
 * lifecycle stage during which they appeared. Repeats collapse into one finding.
 */
import type { Host, HostNote, HostProfile, LogEntry, VmFailure } from 'proxy-wasm-host-mock';
import { printableLine } from 'proxy-wasm-host-mock/printable';
import { firstReleases, onlyOnEnvoyMain } from '../hosts/first-release.js';
import { finding } from '../findings.js';
import { causeLines } from './logs.js';
import type { Finding, Phase, Where } from '../report.js';
import type { RunJob } from './job.js';

/** Plugin error logs reported per run (the rest are in --trace / the plugin's own output). */
const MAX_ERROR_LOGS = 3;

/** Remembers how much of the host's notes and logs has been turned into findings. */
export class Observer {
  private notesSeen = 0;
  private readonly keys = new Set<string>();
  private errorLogs = 0;
  private logsSeen = 0;

  constructor(
    private readonly host: Host,
    /** The module's toolchain (src/inspect), for hints that name its build. */
    private readonly toolchain: string = 'unknown',
  ) {}

  /** Findings for notes and logs that appeared since the last call. */
  collect(phase: Phase, where: Where, trapped: boolean): Finding[] {
    const out: Finding[] = [];
    const notes = this.host.notes;
    for (const note of notes.slice(this.notesSeen)) {
      const f = noteFinding(note, phase, where, this.toolchain, trapped);
      if (f === undefined) continue;
      const key = f.ruleId === 'WV3009' ? 'WV3009' : `${f.ruleId}|${f.message}`;
      if (this.keys.has(key)) continue;
      this.keys.add(key);
      out.push(f);
    }
    this.notesSeen = notes.length;
    const logs = this.host.getCurrentLogs();
    // The log store drops the oldest entries beyond its cap; never index past its end.
    const fresh = logs.slice(Math.min(this.logsSeen, logs.length));
    this.logsSeen = logs.length;
    out.push(...this.logFindings(fresh, phase, where, trapped));
    return out;
  }

  /** WV3009 once per VM when memory came to the profile's cap (see VmRun.checkMemory). */
  memory(peak: { bytes: number; callback: string } | undefined, limit: number, where: Where, phase: Phase = 'traffic'): Finding[] {
    if (peak === undefined || this.keys.has('WV3009')) return [];
    this.keys.add('WV3009');
    return [finding('WV3009', { bytes: peak.bytes, limit, callback: peak.callback }, phase, { ...where, callback: peak.callback })];
  }

  private logFindings(logs: readonly LogEntry[], phase: Phase, where: Where, trapped: boolean): Finding[] {
    const out: Finding[] = [];
    for (const e of logs) {
      if (e.source === 'host') continue;
      if (!trapped && /(^|\s)(panic: |panicked at )|recover(ed)? from panic/i.test(e.message) && where.scenario !== undefined) {
        const key = `WV4004|${where.scenario}`;
        if (!this.keys.has(key)) {
          this.keys.add(key);
          out.push(finding('WV4004', { scenario: where.scenario, text: firstLine(e.message) }, phase, where));
        }
        continue;
      }
      // A trap finding already carries the panic text the runtime printed around it.
      if (trapped || e.message.trim() === '') continue;
      if ((e.level === 'error' || e.level === 'critical') && this.errorLogs < MAX_ERROR_LOGS) {
        this.errorLogs++;
        out.push(finding('WV4006', { level: e.level, text: firstLine(e.message), callback: e.callback }, phase, { ...where, callback: e.callback }));
      }
    }
    return out;
  }
}

/** Releases whose poll_oneoff succeeds, per family, for WV3024/WV3025 hints. */
const pollSucceeds = (p: HostProfile): boolean => p.pollOneoffErrno === 0;

function noteFinding(note: HostNote, phase: Phase, where: Where, toolchain: string, trapped: boolean): Finding | undefined {
  switch (note.kind) {
    case 'wasi_nosys': {
      const at = { ...where, symbol: `wasi_snapshot_preview1.${note.fn}`, callback: note.callback };
      return trapped
        ? finding('WV3024', { fn: note.fn, callback: note.callback, fixedIn: firstReleases(pollSucceeds), envoyMainOnly: onlyOnEnvoyMain(pollSucceeds) }, phase, at)
        : finding('WV3025', { fn: note.fn, callback: note.callback, fixedIn: firstReleases(pollSucceeds) }, phase, at);
    }
    case 'restricted_callback':
      return finding('WV3001', { callee: note.callee, during: note.during, phase: note.phase, toolchain }, phase, { ...where, symbol: note.callee });
    case 'unimplemented':
      return finding('WV3011', { fn: note.fn }, phase, { ...where, symbol: note.fn, callback: note.callback });
    case 'invalid_memory':
      return finding('WV4001', { fn: note.fn, callback: note.callback, detail: note.detail }, phase, { ...where, symbol: note.fn, callback: note.callback });
    case 'bad_enum':
      return finding('WV4002', { fn: note.fn, argument: note.argument, value: note.value }, phase, { ...where, symbol: note.fn, callback: note.callback });
    case 'second_local_reply':
      return finding('WV3010', { scenario: where.scenario ?? phase }, phase, { ...where, callback: note.callback });
    case 'memory_limit':
      return finding('WV3009', { bytes: note.bytes, limit: note.limit, callback: note.callback }, phase, { ...where, callback: note.callback });
    case 'unknown_cluster':
      return finding('WV4010', { fn: note.fn, cluster: note.cluster, callback: note.callback, status: note.fn.startsWith('proxy_grpc') ? 'ParseFailure (4)' : 'BadArgument (2)' }, phase, { ...where, symbol: note.fn, callback: note.callback });
    // Reported by the static checks (WV1006) before anything runs.
    case 'bad_export_signature':
    case 'log_dropped':
      return undefined;
  }
}

/**
 * What the gateway logs when a lifecycle step before traffic fails, trapped or returned false
 * (cpp-host src/wasm.cc canary: start() is the root proxy_on_context_create + proxy_on_vm_start).
 */
const BOOT_FAILURE_LOG: Partial<Record<Phase, string>> = {
  start: 'Failed to start base Wasm',
  configure: 'Failed to configure base Wasm plugin',
};

/** The gateway's consequence of a trap (reference §5.1 failure texts, §7 "Trap / VM failure"). */
function trapConsequence(host: Host, failOpen: boolean, phase: Phase): string {
  const bootLog = BOOT_FAILURE_LOG[phase];
  if (bootLog !== undefined) return `the gateway logs "${bootLog}" and rejects the plugin, so the configuration update fails.`;
  if (failOpen) return 'the gateway marks the VM failed and skips the plugin for every later request on that worker (fail_open).';
  const recover = host.profile.recoverMinIntervalSeconds;
  const after =
    recover === null
      ? 'Envoy does not recover a failed VM, so this lasts until the plugin is reloaded.'
      : `Higress recreates the VM at most once every ${recover} s, so the failure repeats under load.`;
  return `the gateway marks the VM failed: every later request on that worker gets 503 (details wasm_fail_stream); ${after}`;
}

/** What a trap finding needs of the job. */
export type TrapJob = Pick<RunJob, 'failOpen' | 'rootId'>;

export function trapFinding(host: Host, failure: VmFailure, job: TrapJob, phase: Phase, where: Where): Finding {
  const frames = failure.backtrace.slice(0, 6).map((f) => f.name);
  const backtrace = frames.join(' <- ') + (failure.backtrace.length > 6 ? ' <- …' : '');
  const args = {
    fn: failure.export,
    detail: failure.trapMessage,
    panic: failure.panicText === undefined ? '' : firstLine(failure.panicText),
    // What the callback logged at warn and above before trapping (AssemblyScript's abort() logs its text).
    logged: failure.panicText !== undefined ? '' : trapLogged(host, failure),
    rootId: job.rootId,
    backtrace,
    consequence: trapConsequence(host, job.failOpen, phase),
    inScenario: where.scenario !== undefined,
  };
  return finding('WV3005', args, phase, { ...where, callback: failure.export });
}

/** The trapping callback's warn-and-above lines since it began; its last error line if the cap lost them. */
function trapLogged(host: Host, failure: VmFailure): string {
  const since = failure.logPosition === undefined ? { entries: host.getCurrentLogs() } : host.logsSince(failure.logPosition);
  const quoted = causeLines(since.entries, failure.export);
  if (quoted !== '' || failure.errorLog === undefined) return quoted;
  return `"${printableLine(firstLine(failure.errorLog), 300)}"`;
}

function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
