/** A scenario file with several scenarios is checked as a whole: one error names every problem. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadScenarios, ScenarioError } from '../../src/scenarios/index.js';

test('problems of every scenario in a list, each under its index', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'wv-scenarios-')), 'bad.yaml');
  writeFileSync(path, '- name: a\n  request: { method: 5 }\n- name: ok\n- name: b\n  expect: { outcome: flying, status: "x" }\n');
  let err: ScenarioError | undefined;
  try {
    loadScenarios([path]);
  } catch (e) {
    err = e as ScenarioError;
  }
  expect(err).toBeInstanceOf(ScenarioError);
  expect(err?.message).toBe(
    [
      `${path}: 3 problems:`,
      '  [0].request.method: expected a string, got number 5',
      '  [2].expect.outcome: expected one of forwarded, local-response, hang, stall, cpu-hang, trap, error',
      '  [2].expect.status: expected an integer, got the string "x"',
    ].join('\n'),
  );
});
