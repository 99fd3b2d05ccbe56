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
    /** Every problem found in the file, this one first (a file is checked as a whole). */
    readonly problems: ReadonlyArray<{ readonly path: string; readonly problem: string }> = [{ path, problem }],
  ) {
    super(
      problems.length <= 1
        ? `${source}: ${path === '' ? '' : `${path}: `}${problem}`
        : `${source}: ${problems.length} problems:${problems.map((p) => `\n  ${p.path === '' ? '' : `${p.path}: `}${p.problem}`).join('')}`,
    );
  }
}

export type Plain = Record<string, unknown>;

export class Reader {
  constructor(
    readonly source: string,
    readonly path: string,
    readonly value: unknown,
    /** When given, problems inside collect() are gathered here and the reading goes on. */
    private readonly found?: ScenarioError[],
  ) {}

  fail(problem: string): never {
    throw new ScenarioError(this.source, this.path, problem);
  }

  at(key: string | number): Reader {
    const v = this.isObject() ? (this.value as Plain)[key] : Array.isArray(this.value) ? this.value[key as number] : undefined;
    const path = typeof key === 'number' ? `${this.path}[${key}]` : this.path === '' ? key : `${this.path}.${key}`;
    return new Reader(this.source, path, v, this.found);
  }

  /** A reader over the same place with other contents (a default for an absent section). */
  with(value: unknown): Reader {
    return new Reader(this.source, this.path, value, this.found);
  }

  /**
   * Reads one part; a problem in it is recorded and `fallback` stands in, so the rest of the
   * file is still checked (a reader made without a collection throws as usual).
   */
  collect<T>(read: () => T, fallback: T): T {
    if (this.found === undefined) return read();
    try {
      return read();
    } catch (e) {
      if (!(e instanceof ScenarioError) || e.source !== this.source) throw e;
      this.found.push(e);
      return fallback;
    }
  }

  /** Throws every problem collected so far, as one error. */
  throwCollected(): void {
    const [first] = this.found ?? [];
    if (first === undefined) return;
    const all = (this.found ?? []).flatMap((e) => e.problems);
    throw new ScenarioError(first.source, first.path, first.problem, all);
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
      const named = unknown.map((k) => `"${k}"`).join(', ');
      // Recorded, not thrown, when collecting: the known keys are still worth checking.
      if (unknown.length > 0) this.collect(() => this.fail(`unknown key${unknown.length === 1 ? '' : 's'} ${named} (allowed: ${allowed.join(', ')})`), undefined);
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
