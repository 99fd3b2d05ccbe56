/**
 * Start and configure checks: the lifecycle a gateway runs before any request (reference §5.1),
 * turned into findings with the host's own texts.
 */
import type { BootResult, Host, LifecycleResult } from 'proxy-wasm-host-mock';
import { finding } from '../findings.js';
import type { Finding, Phase } from '../report.js';
import type { RunJob } from './job.js';
import { causeLines } from './logs.js';
import { trapFinding, type TrapJob } from './observe.js';

const PHASE: Record<LifecycleResult['stage'], Phase> = {
  load: 'link',
  link: 'link',
  start: 'start',
  vm_start: 'start',
  configure: 'configure',
};

/** The finding for the stage that failed (none when boot succeeded). */
export function bootFindings(host: Host, boot: BootResult, job: TrapJob & Pick<RunJob, 'pluginConfiguration'>): Finding[] {
  if (boot.ok) return [];
  const failed = boot.stages[boot.stages.length - 1];
  if (failed === undefined) return [];
  const phase = PHASE[failed.stage];
  if (failed.failure !== undefined) {
    // restricted_callback is reported from the host's note (WV3001, with the callee).
    if (failed.failure.restrictedCallback) return [];
    if (failed.stage === 'start') {
      return [finding('WV3002', { fn: failed.failure.export, detail: failed.failure.trapMessage }, phase, { callback: failed.failure.export })];
    }
    return [trapFinding(host, failed.failure, job, phase, { callback: failed.failure.export })];
  }
  switch (failed.stage) {
    case 'vm_start':
      return [finding('WV3003', { callback: 'proxy_on_vm_start', value: failed.returned ?? 0, logged: lastErrorLog(host, 'proxy_on_vm_start') }, phase, { callback: 'proxy_on_vm_start' })];
    case 'configure': {
      const args = { value: failed.returned ?? 0, configGiven: job.pluginConfiguration !== '', logged: lastErrorLog(host, 'proxy_on_configure') };
      return [finding('WV3004', args, phase, { callback: 'proxy_on_configure' })];
    }
    default:
      // cpp-host src/wasm.cc createWasm: a failed load() or initialize() (which links) is logged so.
      return [finding('WV3012', { stage: failed.stage, detail: failed.message ?? 'unknown failure', log: failed.stage === 'load' ? 'Failed to load Wasm code' : 'Failed to initialize Wasm code' }, phase)];
  }
}

/** What the plugin logged at warn and above in a callback, the newest lines quoted; '' when nothing. */
function lastErrorLog(host: Host, callback: string): string {
  return causeLines(host.getCurrentLogs(), callback);
}
