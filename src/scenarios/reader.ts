/**
 * A small typed reader over parsed JSON/YAML that knows where it is, so every problem in a
 * scenario file is reported as `file: request.headers.x-foo: expected a string`.
 */

import { InputError } from '../errors.js';

/** A scenario or configuration file that cannot be used: bad usage, exit code 2. */
export class ScenarioError extends InputError {
  constructor(
    readonly source: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${source}: ${path === '' ? '' : `${path}: `}${problem}`);
  }
}

export type Plain = Record<string, unknown>;

export class Reader {
  constructor(
    readonly source: string,
    readonly path: string,
    readonly value: unknown,
  ) {}

  fail(problem: string): never {
    throw new ScenarioError(this.source, this.path, problem);
  }

  at(key: string | number): Reader {
    const v = this.isObject() ? (this.value as Plain)[key] : Array.isArray(this.value) ? this.value[key as number] : undefined;
    const path = typeof key === 'number' ? `${this.path}[${key}]` : this.path === '' ? key : `${this.path}.${key}`;
    return new Reader(this.source, path, v);
  }

  get present(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  isObject(): boolean {
    return typeof this.value === 'object' && this.value !== null && !Array.isArray(this.value);
  }

  /** An object whose keys are all in `allowed` (typos are errors, not silently ignored). */
  object(allowed?: readonly string[]): Plain {
    if (!this.isObject()) this.fail(`expected an object, got ${describe(this.value)}`);
    const obj = this.value as Plain;
    if (allowed !== undefined) {
      const unknown = Object.keys(obj).filter((k) => !allowed.includes(k));
      if (unknown.length > 0) this.fail(`unknown key "${unknown[0]}" (allowed: ${allowed.join(', ')})`);
    }
    return obj;
  }

  keys(): string[] {
    return Object.keys(this.object());
  }

  string(): string {
    if (typeof this.value !== 'string') this.fail(`expected a string, got ${describe(this.value)}`);
    return this.value;
  }

  optString(fallback: string): string {
    return this.present ? this.string() : fallback;
  }

  int(min: number, max: number): number {
    const v = this.value;
    if (typeof v !== 'number' || !Number.isInteger(v)) this.fail(`expected an integer, got ${describe(v)}`);
    if (v < min || v > max) this.fail(`expected an integer from ${min} to ${max}, got ${v}`);
    return v;
  }

  optInt(fallback: number, min: number, max: number): number {
    return this.present ? this.int(min, max) : fallback;
  }

  bool(): boolean {
    if (typeof this.value !== 'boolean') this.fail(`expected true or false, got ${describe(this.value)}`);
    return this.value;
  }

  optBool(fallback: boolean): boolean {
    return this.present ? this.bool() : fallback;
  }

  array(): Reader[] {
    if (!Array.isArray(this.value)) this.fail(`expected a list, got ${describe(this.value)}`);
    return this.value.map((_, i) => this.at(i));
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}
