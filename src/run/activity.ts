/**
 * Notices about what a whole run exercised, judged after the scenarios: a plugin that did nothing
 * at all (WV4008), and the clusters that were assumed to exist (WV4009).
 */
import { finding } from '../findings.js';
import type { Finding, ScenarioResult } from '../report.js';
import type { RunJob } from './job.js';
import type { RunRecord, VmRun } from './vm.js';

/**
 * WV4008: no configuration was given, and in every scenario the plugin let the request and the
 * answer through untouched, never stopped a stream and made no callout (a plugin without its
 * configuration is often inert, and then every pass says nothing about it).
 */
export function inertPlugin(vm: VmRun, job: Pick<RunJob, 'pluginConfiguration'>, results: readonly ScenarioResult[]): Finding[] {
  const runs = results.filter((r) => r.fault === undefined);
  if (job.pluginConfiguration !== '' || runs.length === 0 || vm.record.active || vm.record.calledOut.size > 0) return [];
  if (runs.some((r) => r.outcome !== 'forwarded')) return [];
  const h = vm.host;
  if (h.getCurrentHttpCalls().length + h.getCurrentGrpcCalls().length + h.getCurrentRedisCalls().length > 0) return [];
  return [finding('WV4008', { scenarios: runs.length }, 'traffic')];
}

const KIND: Readonly<Record<string, string>> = { http: 'HTTP', grpc: 'gRPC', redis: 'Redis' };
/** What the emulated host answers a callout to a cluster no scenario mocks (src/run/scheduler.ts). */
const DEFAULT_ANSWER: Readonly<Record<string, string>> = {
  http: 'no mock, so it answered 503 "no healthy upstream"',
  grpc: 'no mock, so it ended UNAVAILABLE (14)',
  redis: 'no mock, so it failed with a network error',
};

/** WV4009: without --cluster every cluster exists; name each one called and what answered it. */
export function assumedClusters(job: Pick<RunJob, 'clusters'>, record: RunRecord): Finding[] {
  if (job.clusters.length > 0) return [];
  const all = [...new Set([...record.mockedClusters, ...record.unmockedClusters])].sort();
  if (all.length === 0) return [];
  const parts = all.map((key) => {
    const [kind = 'http', cluster = ''] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const mocked = record.mockedClusters.has(key);
    const unmocked = record.unmockedClusters.has(key);
    const answer = mocked && unmocked ? `a scenario mock in some scenarios, in others ${DEFAULT_ANSWER[kind]}` : mocked ? 'answered by the scenario mock' : DEFAULT_ANSWER[kind];
    return `"${cluster}" (${KIND[kind] ?? kind}, ${answer})`;
  });
  const first = [...record.unmockedClusters].sort()[0] ?? '';
  const example = first === '' ? '' : first.slice(first.indexOf(':') + 1);
  const exampleKind = first === '' ? 'http' : first.slice(0, first.indexOf(':'));
  return [finding('WV4009', { clusters: parts.join(', '), count: all.length, example, exampleKind }, 'traffic')];
}
