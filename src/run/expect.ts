/** A scenario's optional expectations, checked against what the client and upstream saw (WV4003). */
import type { HttpStream } from 'proxy-wasm-host-mock';
import { finding } from '../findings.js';
import type { Finding, Outcome } from '../report.js';
import type { Expectation, Scenario } from '../scenarios/types.js';

type Headers = ReadonlyArray<readonly [string, string]> | undefined;

export function checkExpectation(scenario: Scenario, e: Expectation, outcome: Outcome, stream: HttpStream): Finding[] {
  const out: Finding[] = [];
  const miss = (what: string, expected: string, actual: string): void => {
    out.push(finding('WV4003', { scenario: scenario.name, what, expected, actual }, 'traffic', { scenario: scenario.name }));
  };
  if (e.outcome !== undefined && e.outcome !== outcome) miss('the outcome', e.outcome, outcome);
  const status = stream.downstream.status;
  if (e.status !== undefined && e.status !== status) miss('the response status', String(e.status), status === undefined ? 'none' : String(status));
  checkMessage('the response', e, stream.downstream.headers, stream.downstream.bodyText, miss);
  if (e.upstream !== undefined) checkMessage('the upstream request', e.upstream, stream.upstream.headers, stream.upstream.bodyText, miss);
  return out;
}

function checkMessage(
  label: string,
  e: Pick<Expectation, 'headers' | 'body' | 'bodyContains'>,
  headers: Headers,
  body: string,
  miss: (what: string, expected: string, actual: string) => void,
): void {
  for (const [name, want] of Object.entries(e.headers ?? {})) {
    const got = headers?.find(([k]) => k === name)?.[1];
    if (want === null && got !== undefined) miss(`header ${name} of ${label}`, 'absent', JSON.stringify(got));
    if (want !== null && got !== want) miss(`header ${name} of ${label}`, JSON.stringify(want), got === undefined ? 'absent' : JSON.stringify(got));
  }
  if (e.body !== undefined && e.body !== body) miss(`the body of ${label}`, JSON.stringify(clip(e.body)), JSON.stringify(clip(body)));
  if (e.bodyContains !== undefined && !body.includes(e.bodyContains)) {
    miss(`the body of ${label}`, `to contain ${JSON.stringify(e.bodyContains)}`, JSON.stringify(clip(body)));
  }
}

function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
