/**
 * One scenario = one HTTP stream on the VM, driven as Envoy's filter manager would: request
 * headers, body chunks (HTTP/1 style: a final empty end_of_stream chunk), trailers; the
 * upstream's answer once the request is complete upstream; then on_log/on_done/on_delete.
 * A stopped direction with nothing pending is a hang at once; with pending work it may wait
 * up to the virtual stall deadline.
 */
import type { HttpStream, StepResult, TraceEvent } from 'proxy-wasm-host-mock';
import { finding } from '../findings.js';
import type { Finding, HttpMessage, Outcome, ScenarioResult } from '../report.js';
import { requestLine, type HttpSide, type Scenario } from '../scenarios/types.js';
import { hangArgs, stallFix, type Direction } from './explain.js';
import { checkExpectation } from './expect.js';
import { pluginLogs } from './logs.js';
import { trapFinding } from './observe.js';
import { isIdle } from './scheduler.js';
import type { VmRun } from './vm.js';
import { drainCallouts, MAX_EVENTS, waitFor, type WaitResult } from './wait.js';
import { describePending, summarizeDelivered } from './work-text.js';

const TRACE_EVENTS = 20;

interface Verdict {
  readonly outcome: Outcome;
  readonly findings: Finding[];
}

export function runScenario(vm: VmRun, scenario: Scenario, index: number): ScenarioResult {
  const started = performance.now();
  const { host, job } = vm;
  // Findings and --trace carry this scenario's own events, not the end of the previous one.
  vm.current = { index, name: scenario.name, traceFrom: vm.traceCount };
  const logFrom = host.logPosition;
  const callsBefore = calloutCount(vm);
  vm.scheduler.fault = scenario.fault;
  const stream = vm.step('new stream', '', () => host.newHttpStream({ properties: scenario.properties }));
  const verdict = drive(vm, scenario, stream) ?? settle(stream, scenario);
  if (!stream.flags().done && host.failure === undefined) vm.step('end of stream', 'proxy_on_log', () => stream.complete());
  drainCallouts(vm, scenario.mocks, host.now() + job.stallDeadlineMs);
  vm.scheduler.fault = undefined;
  if (calloutCount(vm) > callsBefore) vm.record.calledOut.add(scenario.faultOf ?? scenario.name);
  // The stream's views join and decode both bodies: built once, for the check and the result.
  const upstream = upstreamMessage(stream);
  const client = clientMessage(stream);
  if (verdict.outcome !== 'forwarded' || changed(upstream, client, scenario)) vm.record.active = true;

  const where = { scenario: scenario.name };
  const trapped = host.failure !== undefined;
  const findings = [...verdict.findings];
  let outcome = verdict.outcome;
  if (trapped && host.failure !== undefined) {
    outcome = 'trap';
    findings.push({ ...trapFinding(host, host.failure, job, 'traffic', where), trace: lastEvents(vm) });
  }
  findings.push(...vm.observer.collect('traffic', where, trapped));
  findings.push(...vm.observer.memory(vm.memoryPeak, host.profile.maxMemoryBytes, where));
  if (scenario.expect !== undefined) findings.push(...checkExpectation(scenario, scenario.expect, outcome, stream));
  const result: ScenarioResult = {
    name: scenario.name,
    outcome,
    findings,
    durationMs: Math.round(performance.now() - started),
    ...(upstream === undefined ? {} : { upstream }),
    client,
    ...(job.keepTrace ? { trace: vm.traceSince(vm.current.traceFrom) } : {}),
    ...(job.keepLogs ? { logs: pluginLogs(host.logsSince(logFrom)) } : {}),
    ...(scenario.fault === undefined ? {} : { fault: scenario.fault }),
  };
  return result;
}

/** Callouts the plugin has made on this VM (HTTP, gRPC, Redis), from the host's history. */
function calloutCount(vm: VmRun): number {
  const h = vm.host;
  return h.getCurrentHttpCalls().length + h.getCurrentGrpcCalls().length + h.getCurrentRedisCalls().length;
}

/** The plugin changed what passed through: the upstream or the client saw other headers or bodies than were sent. */
function changed(upstream: HttpMessage | undefined, client: HttpMessage, scenario: Scenario): boolean {
  const same = (a: HttpMessage | undefined, b: HttpSide): boolean => a !== undefined && samePairs(a.headers, b.headers) && a.body === b.body.join('');
  return !same(upstream, scenario.request) || !same(client, scenario.upstream);
}

/** The same header pairs in the same order (what comparing their JSON did, without the JSON). */
function samePairs(a: ReadonlyArray<readonly string[]>, b: ReadonlyArray<readonly string[]>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return false;
  }
  return true;
}

/** Sends both directions; returns a verdict as soon as one direction hangs, stalls or traps. */
function drive(vm: VmRun, scenario: Scenario, stream: HttpStream): Verdict | undefined {
  const ended = (): boolean => {
    const f = stream.flags();
    return vm.host.failure !== undefined || f.localReply || f.reset || f.done;
  };
  send(vm, scenario.request, 'request', stream, ended);
  const requestDone = (): boolean => stream.flags().upstreamComplete || ended();
  const stuck = awaitDirection(vm, scenario, stream, 'request', requestDone);
  if (stuck !== undefined) return stuck;
  if (ended()) return awaitResponse(vm, scenario, stream);
  send(vm, scenario.upstream, 'response', stream, () => {
    const f = stream.flags();
    return vm.host.failure !== undefined || f.reset || f.done;
  });
  return awaitResponse(vm, scenario, stream);
}

function awaitResponse(vm: VmRun, scenario: Scenario, stream: HttpStream): Verdict | undefined {
  if (vm.host.failure !== undefined) return undefined;
  const responseDone = (): boolean => {
    const f = stream.flags();
    return f.downstreamComplete || f.reset || f.done || vm.host.failure !== undefined;
  };
  return awaitDirection(vm, scenario, stream, 'response', responseDone);
}

/** One direction as the peer sends it; stops early once the stream has ended. */
function send(vm: VmRun, side: HttpSide, dir: Direction, stream: HttpStream, ended: () => boolean): void {
  // A callback that returned anything but Continue (0) stopped the stream, if only for a while.
  const step = (label: string, callback: string, run: () => StepResult): void => {
    const r = vm.step(label, callback, run);
    if (r.calls.some((c) => c.returned !== undefined && c.returned !== 0 && /^proxy_on_(request|response)_(headers|body|trailers)$/.test(c.export))) vm.record.active = true;
  };
  const hasBody = side.body.length > 0;
  const hasTrailers = side.trailers.length > 0;
  const cb = `proxy_on_${dir}`;
  const headers = dir === 'request' ? stream.sendRequestHeaders.bind(stream) : stream.sendResponseHeaders.bind(stream);
  const body = dir === 'request' ? stream.sendRequestBody.bind(stream) : stream.sendResponseBody.bind(stream);
  const trailers = dir === 'request' ? stream.sendRequestTrailers.bind(stream) : stream.sendResponseTrailers.bind(stream);
  step(`${dir} headers`, `${cb}_headers`, () => headers(side.headers, !hasBody && !hasTrailers));
  for (const [i, chunk] of side.body.entries()) {
    if (ended()) return;
    step(`${dir} body chunk ${i + 1}/${side.body.length}`, `${cb}_body`, () => body(chunk, false));
  }
  // HTTP/1 codecs end a body with an empty end_of_stream chunk (Envoy onMessageComplete).
  if (hasBody && !hasTrailers && !ended()) step(`${dir} end of body`, `${cb}_body`, () => body('', true));
  if (hasTrailers && !ended()) step(`${dir} trailers`, `${cb}_trailers`, () => trailers(side.trailers));
}

/** After a direction was sent: done, or waits on pending work, or is a hang/stall. */
function awaitDirection(vm: VmRun, scenario: Scenario, stream: HttpStream, dir: Direction, done: () => boolean): Verdict | undefined {
  const { host, job } = vm;
  if (done()) return undefined;
  const snapshot = host.pending();
  const stop = stream.state[dir].stop;
  const line = requestLine(scenario);
  if (isIdle(snapshot)) {
    const where = { scenario: scenario.name, callback: stop?.callback ?? '' };
    const f = stop === undefined ? undefined : finding('WV3006', withoutFlag(hangArgs(stop, hangContext(vm, scenario, stream, dir))), 'traffic', where, lastEvents(vm));
    timeout(vm, stream);
    return { outcome: 'hang', findings: f === undefined ? [] : [f] };
  }
  const waitStart = host.now();
  const result = waitFor(vm, scenario.mocks, done, waitStart + job.stallDeadlineMs);
  if (result === 'done' || result === 'trapped') return undefined;
  // When the host's conversion stopped it, that is the cause whatever else was pending.
  const hang = stop === undefined ? undefined : hangArgs(stop, hangContext(vm, scenario, stream, dir));
  const abi = hang?.abiCause === true;
  const args = {
    request: dir === 'request' ? line : `The response to ${line}`,
    callback: stop?.callback ?? 'the plugin',
    value: hang === undefined ? '' : `${hang.valueName} (${hang.value})`,
    cause: abi ? (hang?.converted ?? '') : '',
    waitedFor: describePending(snapshot),
    after: summarizeDelivered(vm.scheduler.delivered),
    ending: waitEnding(result, job.stallDeadlineMs, host.now() - waitStart),
    fix: abi ? (hang?.fix ?? stallFix(dir, job.toolchain)) : stallFix(dir, job.toolchain),
  };
  const f = finding('WV3007', args, 'traffic', { scenario: scenario.name, ...(stop === undefined ? {} : { callback: stop.callback }) }, lastEvents(vm));
  timeout(vm, stream);
  return { outcome: 'stall', findings: [f] };
}

/** How the wait for a stopped stream ended, truthfully: the virtual deadline, the event budget, or nothing left. */
function waitEnding(result: Exclude<WaitResult, 'done' | 'trapped'>, deadlineMs: number, waitedMs: number): string {
  if (result === 'budget') return `nothing resumed the stream in ${MAX_EVENTS} events (${waitedMs} ms of virtual time), where wasm-verify stopped waiting`;
  if (result === 'idle') return 'nothing resumed the stream, and then nothing else was pending';
  return `nothing resumed the stream within ${deadlineMs} ms of virtual time`;
}

function hangContext(vm: VmRun, scenario: Scenario, stream: HttpStream, dir: Direction): Parameters<typeof hangArgs>[1] {
  const side = dir === 'request' ? scenario.request : scenario.upstream;
  return {
    profile: vm.host.profile,
    abi: vm.host.abi,
    request: requestLine(scenario),
    direction: dir,
    headersOnly: side.body.length === 0 && side.trailers.length === 0,
    peerComplete: stream.state[dir].received.endOfStream,
    clientHasHeaders: stream.downstream.headers !== undefined,
    rebuildCommand: vm.job.rebuildCommand,
    hasBuildRc: vm.job.hasBuildRc,
    toolchain: vm.job.toolchain,
    secondLocalReply: vm.host.notes.some((n) => n.kind === 'second_local_reply' && n.streamId === stream.contextId),
    bodyCallbackExported: vm.exports.has(`proxy_on_${dir}_body`),
  };
}

/** The gateway ends a stopped stream with its stream idle timeout (408/504 or a reset). */
function timeout(vm: VmRun, stream: HttpStream): void {
  if (!stream.flags().done && vm.host.failure === undefined) vm.step('stream idle timeout', 'proxy_on_log', () => stream.timeout());
}

/** Outcome of a stream that neither hung nor stalled. */
function settle(stream: HttpStream, scenario: Scenario): Verdict {
  const state = stream.state;
  const reply = state.localReply;
  const reset = state.reset;
  if (reset !== undefined && reset.by === 'plugin') {
    const args = { scenario: scenario.name, request: requestLine(scenario), details: reset.details };
    return { outcome: 'error', findings: [finding('WV4007', args, 'traffic', { scenario: scenario.name })] };
  }
  if (reply !== undefined && reply.source === 'plugin') return { outcome: 'local-response', findings: [] };
  if (reply !== undefined && reply.source === 'fail-closed') return { outcome: 'trap', findings: [] };
  if (reply !== undefined) return { outcome: 'error', findings: [] };
  const f = stream.flags();
  return { outcome: f.upstreamComplete && f.downstreamComplete ? 'forwarded' : 'error', findings: [] };
}

function upstreamMessage(stream: HttpStream): HttpMessage | undefined {
  const u = stream.upstream;
  if (u.headers === undefined) return undefined;
  return { headers: u.headers, body: u.bodyText, ...(u.trailers === undefined ? {} : { trailers: u.trailers }) };
}

function clientMessage(stream: HttpStream): HttpMessage {
  const d = stream.downstream;
  const headers = d.headers ?? [];
  const withStatus = d.status !== undefined && !headers.some(([k]) => k === ':status') ? [[':status', String(d.status)] as const, ...headers] : headers;
  return { headers: withStatus, body: d.bodyText, ...(d.trailers === undefined ? {} : { trailers: d.trailers }) };
}

function withoutFlag<T extends { abiCause: boolean }>(a: T): Omit<T, 'abiCause'> {
  const { abiCause: _, ...rest } = a;
  return rest;
}

/** The scenario's own trace events that led to a hang, stall or trap (attached to the finding). */
function lastEvents(vm: VmRun): TraceEvent[] {
  return vm.traceSince(vm.current.traceFrom, TRACE_EVENTS);
}
