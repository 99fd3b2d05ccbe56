/** The library boundary: arguments are checked where they enter; the digest costs nothing until read. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inspect, InputError, verify, verifyDetailed, verifyFile } from '../src/index.js';
import { plugin, wat } from './helpers/wasm.js';

describe('arguments of the wrong type are an InputError naming them', async () => {
  const ok = await wat(plugin());
  const call = async (f: () => Promise<unknown>): Promise<string> => {
    try {
      await f();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    }
    throw new Error('no error');
  };
  // From JavaScript, without the types.
  const untyped = verify as (inputs: unknown, options?: unknown) => Promise<unknown>;

  it.each([
    [() => untyped([{ file: 'p.wasm', bytes: ok }], { config: '{"a":1}' }), 'verify(): options.config must be a Uint8Array (the configuration bytes; for text: new TextEncoder().encode(text)), got a string'],
    [() => untyped('p.wasm'), 'verify(): inputs must be an array of paths or { file, bytes }, got a string (for one file: verify([path]))'],
    [() => untyped([{ file: 'p.wasm', bytes: 'AGFzbQ==' }]), 'verify(): inputs[0].bytes must be a Uint8Array (e.g. a Buffer from readFileSync), got a string'],
    [() => untyped([42]), 'verify(): inputs[0] must be a path or { file, bytes }, got a number'],
    [() => untyped(['p.wasm'], { host: 'nginx' }), 'verify(): options.host must be valid: nginx: expected auto, all, versions, envoy|istio|higress, family@version (envoy@1.32), a range (envoy@1.30..1.36), a comma list, or a host table; "wasm-verify hosts" lists them, got a string'],
    [() => untyped(['p.wasm'], { timeoutMs: 0 }), 'verify(): options.timeoutMs must be a positive number of milliseconds, got a number'],
    [() => untyped(['p.wasm'], { scenario: ['http-get'] }), /^verify\(\): unknown option scenario \(options: host, config, /],
    [() => (verifyDetailed as (i: unknown) => Promise<unknown>)(null), 'verifyDetailed(): inputs must be an array of paths or { file, bytes }, got null'],
    [() => (verifyFile as (i: unknown) => Promise<unknown>)('p.wasm'), 'verifyFile(): input must be { file, bytes }, got a string'],
    [() => (inspect as (i: unknown) => Promise<unknown>)({ file: 'p.wasm' }), 'inspect(): input.bytes must be a Uint8Array (e.g. a Buffer from readFileSync), got undefined'],
  ])('%#', async (f, want) => {
    const msg = await call(f);
    if (typeof want === 'string') expect(msg).toBe(want);
    else expect(msg).toMatch(want);
  });

  it('undefined options are absent, as in TypeScript with exactOptionalPropertyTypes off', async () => {
    await expect(verify([{ file: 'p.wasm', bytes: ok }], { static: true, config: undefined })).resolves.toBeDefined();
  });
});

describe('sha256', async () => {
  const ok = await wat(plugin());
  const want = createHash('sha256').update(ok).digest('hex');

  it('verifyDetailed(): computed on first read, then a plain value, in the documented key order', async () => {
    const { report, modules } = await verifyDetailed([{ file: 'p.wasm', bytes: ok }], { static: true, host: 'all' });
    const r = report.results[0]!;
    expect(typeof Object.getOwnPropertyDescriptor(r, 'sha256')?.get).toBe('function');
    expect(r.sha256).toBe(want);
    expect(Object.getOwnPropertyDescriptor(r, 'sha256')).toEqual({ value: want, enumerable: true, configurable: false, writable: false });
    expect(Object.keys(r)).toEqual(['file', 'sha256', 'size', 'host', 'profile', 'abi', 'verdict', 'findings', 'scenarios', 'staticDurationMs', 'durationMs']);
    expect(report.results.map((x) => x.sha256)).toEqual(report.results.map(() => want));
    expect(report.results.length).toBeGreaterThan(3);
    expect(modules['p.wasm']?.sha256).toBe(want);
    expect(JSON.parse(JSON.stringify(report)).results[1].sha256).toBe(want);
  });

  it('verify(): plain values already', async () => {
    const r = (await verify([{ file: 'p.wasm', bytes: ok }], { static: true })).results[0]!;
    expect(Object.getOwnPropertyDescriptor(r, 'sha256')?.value).toBe(want);
  });

  it('an input that is not a module is hashed too', async () => {
    const junk = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const r = (await verify([{ file: 'junk.bin', bytes: junk }], { static: true })).results[0]!;
    expect(r.sha256).toBe(createHash('sha256').update(junk).digest('hex'));
  });
});
