#!/usr/bin/env node
/**
 * `prepack` (npm pack, npm publish): empties dist/ and host-shim/dist/ so the `prepare` build that
 * npm runs next writes everything afresh. tsc -b never deletes the output of a source file that
 * was renamed or removed, and such a stale file would otherwise be packed and shipped.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
for (const dir of ['dist', 'host-shim/dist']) rmSync(join(ROOT, dir), { recursive: true, force: true });
