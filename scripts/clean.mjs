#!/usr/bin/env node
/**
 * `prepack` (npm pack, npm publish): empties dist/ and host-shim/dist/ so the build that follows
 * (`npm run build`, in the same prepack script) writes everything afresh. The build is not a
 * `prepare` script: npm lists a package's own prepare among the install scripts to review when a
 * user installs the packed tarball. tsc -b never deletes the output of a source file that
 * was renamed or removed, and such a stale file would otherwise be packed and shipped.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
for (const dir of ['dist', 'host-shim/dist']) rmSync(join(ROOT, dir), { recursive: true, force: true });
