/**
 * `--scenario NAME|FILE` (repeatable): built-in names or JSON/YAML files. A file holds one
 * scenario, a list of them, or `{ scenarios: [...] }`. No selection: every built-in, in order.
 */
import { BUILTIN_NAMES, BUILTIN_SCENARIOS } from './builtin/index.js';
import { readDataFile } from './config.js';
import { parseScenario } from './parse.js';
import { Reader, ScenarioError } from './reader.js';
import type { Scenario } from './types.js';

export { ScenarioError } from './reader.js';

export function builtinScenarios(): Scenario[] {
  return BUILTIN_SCENARIOS.map((raw, i) => parseScenario(raw, `builtin:${BUILTIN_NAMES[i] ?? i}`));
}

export function loadScenarios(selectors: readonly string[] = []): Scenario[] {
  if (selectors.length === 0) return builtinScenarios();
  const builtins = new Map(builtinScenarios().map((s) => [s.name, s]));
  const out: Scenario[] = [];
  for (const sel of selectors) {
    const builtin = builtins.get(sel);
    if (builtin !== undefined) out.push(builtin);
    else if (/[/\\.]/.test(sel)) out.push(...scenariosInFile(sel));
    else throw new ScenarioError(sel, '', `no built-in scenario has this name (built-ins: ${BUILTIN_NAMES.join(', ')}); give a .json or .yaml file path for your own`);
  }
  const seen = new Set<string>();
  for (const s of out) {
    if (seen.has(s.name)) throw new ScenarioError(s.source, 'name', `scenario "${s.name}" is selected twice; names must be unique in one run`);
    seen.add(s.name);
  }
  return out;
}

function scenariosInFile(path: string): Scenario[] {
  const raw = readDataFile(path);
  const r = new Reader(path, '', raw);
  if (Array.isArray(raw)) return parseEach(path, r.array(), (x) => `${path}${x.path}`);
  if (r.isObject() && r.at('scenarios').present) {
    r.object(['scenarios']);
    const list = r.at('scenarios').array();
    if (list.length === 0) r.at('scenarios').fail('expected at least one scenario');
    return parseEach(path, list, (x) => `${path}: ${x.path}`);
  }
  return [parseScenario(raw, path)];
}

/** Every scenario of a file; the problems of all of them in one error. */
function parseEach(path: string, items: readonly Reader[], source: (x: Reader) => string): Scenario[] {
  const out: Scenario[] = [];
  const failed: Array<{ item: Reader; error: ScenarioError }> = [];
  for (const item of items) {
    try {
      out.push(parseScenario(item.value, source(item)));
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      failed.push({ item, error: e });
    }
  }
  const [first, ...more] = failed;
  if (first === undefined) return out;
  if (more.length === 0) throw first.error;
  const problems = failed.flatMap(({ item, error }) => error.problems.map((p) => ({ path: p.path === '' ? item.path : `${item.path}.${p.path}`, problem: p.problem })));
  throw new ScenarioError(path, problems[0]?.path ?? '', problems[0]?.problem ?? '', problems);
}
