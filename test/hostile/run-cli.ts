/** Runs the built CLI in a child process and measures it: exit code, wall time, peak RSS. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'dist/bundle/wasm-verify.cjs');
const PRELOAD = join(ROOT, 'scripts/max-rss.cjs');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Peak resident memory of the child, bytes (0 when it could not be read). */
  readonly maxRssBytes: number;
  readonly killed: boolean;
}

/** Runs `wasm-verify args…`; kills it after `killAfterMs` (a stall). */
export function runCli(args: readonly string[], killAfterMs: number): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), 'wv-rss-'));
  const rssFile = join(dir, 'rss');
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', PRELOAD, BIN, ...args], { env: { ...process.env, WV_MAX_RSS_FILE: rssFile, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, killAfterMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      let kib = 0;
      try {
        kib = Number(readFileSync(rssFile, 'utf8'));
      } catch {
        kib = 0;
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: performance.now() - started, maxRssBytes: kib * 1024, killed });
    });
  });
}
