/**
 * The hostile-plugin suite (issue #10): one WAT module per class of abuse, each verified by the
 * real CLI in a child process. Asserted: the rule the class must produce (and those it must not:
 * a huge log is no CPU hang), the exit code, that no run is an internal error (exit 3), wall time
 * under a bound that only catches a stall (a wide margin), and the child's peak memory (its own
 * maxRSS, all threads) under 1.5 GB. The goal figures with `--host all` come from `npm run hostile`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHostile, ruleIds } from './build.js';
import { hostileClasses } from './classes.js';
import { runCli } from './run-cli.js';

/** A stall, not a speed target: the slowest class takes a few seconds alone (3 s CPU-hang deadlines). */
const STALL_MS = 90_000;
const PEAK_BYTES = 1.5 * 1024 * 1024 * 1024;

let dir = '';
let built: Awaited<ReturnType<typeof buildHostile>> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wv-hostile-'));
  built = await buildHostile(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile plugins end with the right finding, bounded in time and memory', () => {
  for (const c of hostileClasses()) {
    it(`${c.name}: ${c.does}`, async () => {
      const file = built.find((b) => b.name === c.name)?.file ?? '';
      const r = await runCli(['--format', 'json', ...(c.quick ?? []), file], STALL_MS + 30_000);
      expect(r.killed, `${c.name} stalled`).toBe(false);
      expect(r.stderr).not.toMatch(/internal error|please report/i);
      expect(r.code, r.stderr).toBe(c.exit);
      const ids = ruleIds(r.stdout);
      for (const id of c.rules) expect([...ids], `${c.name} must report ${id}`).toContain(id);
      for (const id of c.not ?? []) expect([...ids], `${c.name} must not report ${id}`).not.toContain(id);
      if (c.maxOutputBytes !== undefined) expect(r.stdout.length).toBeLessThan(c.maxOutputBytes);
      expect(r.ms).toBeLessThan(STALL_MS);
      expect(r.maxRssBytes).toBeGreaterThan(0);
      expect(r.maxRssBytes).toBeLessThan(PEAK_BYTES);
    }, STALL_MS + 60_000);
  }
});
