import { printable } from 'proxy-wasm-host-mock/printable';
import { RULES, type RuleArgs, type RuleId, type RuleInfo } from './rules/catalog.js';
import type { Finding, Phase, TraceEvent, Where } from './report.js';
import { cutStrings, MAX_SHOWN_CHARS } from './names.js';

/** A string argument (a name from the module, a log line) longer than this is cut before rendering. */
const MAX_ARG_CHARS = 4 * MAX_SHOWN_CHARS;

/** Makes a finding of rule `id` from its typed arguments: the one place text is rendered. */
export function finding<R extends RuleId>(
  id: R,
  rawArgs: RuleArgs<R>,
  phase: Phase,
  rawWhere: Where = {},
  trace?: readonly TraceEvent[],
): Finding {
  const info = RULES[id] as unknown as RuleInfo<RuleArgs<R>>;
  // Values often come from the plugin (its logs, panic text, names in its binary): control
  // characters are escaped here, once, so no format can carry a terminal escape sequence; and
  // long ones (a 1 MB function name) are cut, so no format grows with them.
  const args = cutStrings(safe(rawArgs), MAX_ARG_CHARS);
  const where = cutStrings(safe(rawWhere));
  const hint = info.hint?.(args);
  return {
    ruleId: id,
    slug: info.slug,
    severity: info.severity,
    message: info.message(args),
    ...(hint === undefined ? {} : { hint }),
    phase,
    where,
    args,
    ...(trace === undefined ? {} : { trace }),
  };
}

function safe<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = typeof v === 'string' ? printable(v) : v;
  return out as T;
}

/**
 * Phases in the order the gateway meets them (load -> link -> start -> configure), then our own
 * static predictions about traffic, then traffic.
 */
const PHASE_ORDER: readonly Phase[] = ['load', 'link', 'start', 'configure', 'static', 'traffic'];

/** Load and link rules in the order the gateway checks them (src/wasm.cc load, V8::link, getFunctions). */
const GATEWAY_ORDER: readonly RuleId[] = ['WV0001', 'WV0003', 'WV0002', 'WV0004', 'WV1001', 'WV1002', 'WV2001', 'WV2002', 'WV2003', 'WV2004', 'WV1004', 'WV1005', 'WV1006'];

/**
 * The error that stops the gateway from loading the module, as its log would show it: the first
 * load/link error in the gateway's own order (the link error marked `first`), or undefined.
 */
export function firstBlocking(list: readonly Finding[]): Finding | undefined {
  const blocking = list.filter((f) => f.severity === 'error' && (f.phase === 'load' || f.phase === 'link'));
  const rank = (f: Finding): number => {
    const i = GATEWAY_ORDER.indexOf(f.ruleId);
    const linkFirst = f.ruleId.startsWith('WV2') && f.args['first'] === true ? -0.5 : 0;
    return (i < 0 ? GATEWAY_ORDER.length : i) + linkFirst;
  };
  return [...blocking].sort((a, b) => rank(a) - rank(b))[0];
}
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Deterministic order before any formatter sees findings: phase, severity, rule id, message. */
export function sortFindings(list: readonly Finding[]): Finding[] {
  return [...list].sort(
    (a, b) =>
      PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.message.localeCompare(b.message),
  );
}
