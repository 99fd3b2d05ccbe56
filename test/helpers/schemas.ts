/**
 * JSON-schema validators for the formats wasm-verify writes: the official SARIF 2.1.0 schema
 * (draft-04, vendored in test/fixtures/sarif/) and the package's own schemas/ (draft-07), with
 * ajv and ajv-formats (so `uri` / `uri-reference` are checked, not ignored).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const ROOT = resolve(import.meta.dirname, '../..');
const json = (p: string): object => JSON.parse(readFileSync(resolve(ROOT, p), 'utf8')) as object;

export interface Validator {
  (doc: unknown): boolean;
  errors?: unknown;
}

function explain(v: Validator, doc: unknown): string {
  return v(doc) ? '' : JSON.stringify(v.errors, null, 2).slice(0, 4000);
}

let sarifV: Validator | undefined;
/** '' when `doc` is valid against the official SARIF 2.1.0 schema, else ajv's errors. */
export function sarifErrors(doc: unknown): string {
  if (sarifV === undefined) {
    const ajv = new Ajv04({ allErrors: true, strict: false });
    addFormats(ajv);
    sarifV = ajv.compile(json('test/fixtures/sarif/sarif-schema-2.1.0.json')) as Validator;
  }
  return explain(sarifV, doc);
}

const own = new Map<string, Validator>();
/** '' when `doc` is valid against schemas/<name>.schema.json (strict ajv: the schema itself must be clean). */
export function schemaErrors(name: 'report' | 'scenario', doc: unknown): string {
  let v = own.get(name);
  if (v === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: true, strictTuples: false, allowUnionTypes: true });
    addFormats(ajv);
    v = ajv.compile(json(`schemas/${name}.schema.json`)) as Validator;
    own.set(name, v);
  }
  return explain(v, doc);
}
