#!/usr/bin/env node
/**
 * Writes schemas/settings.schema.json, the published JSON Schema of .wasm-verify.yaml/.json, from
 * the settings key table (src/settings/keys.ts, via dist/: run `npm run build` first).
 * test/settings.test.ts fails while the committed file and the table disagree.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const { settingsSchema } = await import(pathToFileURL(join(ROOT, 'dist/settings/keys.js')).href);
mkdirSync(join(ROOT, 'schemas'), { recursive: true });
writeFileSync(join(ROOT, 'schemas/settings.schema.json'), `${JSON.stringify(settingsSchema(), null, 2)}\n`);
console.log('wrote schemas/settings.schema.json');
