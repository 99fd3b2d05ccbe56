/**
 * `npm run hostile [-- --host all]`: every hostile class through the CLI, one at a time, as a
 * table of verdict, wall time and peak memory (the goal figures of issue #10: each class within
 * 30 s and 1.5 GB with --host all). Exits 1 when a class misses its rule or its bounds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHostile, ruleIds } from './build.js';
import { runCli } from './run-cli.js';

const args = process.argv.slice(2);
const hostIdx = args.indexOf('--host');
const host = hostIdx >= 0 ? (args[hostIdx + 1] ?? 'all') : 'all';
const GOAL_MS = 30_000;
const GOAL_BYTES = 1.5 * 1024 * 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'wv-hostile-'));
let failed = 0;
try {
  const rows: string[][] = [['class', 'exit', 'rules', 'wall', 'peak', 'ok']];
  for (const c of await buildHostile(dir)) {
    const r = await runCli(['--format', 'json', '--host', host, c.file], 300_000);
    let ids: Set<string>;
    try {
      ids = ruleIds(r.stdout);
    } catch {
      ids = new Set(['(invalid JSON)']);
    }
    const ok = !r.killed && r.code === c.exit && c.rules.every((id) => ids.has(id)) && (c.not ?? []).every((id) => !ids.has(id)) && r.ms <= GOAL_MS && r.maxRssBytes <= GOAL_BYTES;
    if (!ok) failed++;
    rows.push([c.name, r.killed ? 'stall' : String(r.code), [...ids].sort().join(' '), `${(r.ms / 1000).toFixed(1)} s`, `${Math.round(r.maxRssBytes / 1048576)} MB`, ok ? 'yes' : 'NO']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) console.log(r.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
  console.log(`--host ${host}; goal per class: ≤ ${GOAL_MS / 1000} s, ≤ ${GOAL_BYTES / 1024 ** 3} GiB peak (maxRSS of the CLI process)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed > 0 ? 1 : 0;
