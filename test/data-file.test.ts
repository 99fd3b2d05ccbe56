/** One reader for the data files a user names (src/data-file.ts): formats and problem wording. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_FILE_MAX_BYTES, parseData, readDataFile, readUserFile, unreadableReason } from '../src/data-file.js';
import { InputError } from '../src/errors.js';
import { checkPluginDir, readInput } from '../src/input.js';

const dir = mkdtempSync(join(tmpdir(), 'wv-data-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('parseData', () => {
  it('JSON first, then YAML', () => {
    expect(parseData('{"a": 1}', 'x')).toEqual({ format: 'json', value: { a: 1 } });
    expect(parseData('a: 1\nb: [x]\n', 'x.yaml')).toEqual({ format: 'yaml', value: { a: 1, b: ['x'] } });
    expect(parseData('[1, 2]', 'x.yaml')).toEqual({ format: 'json', value: [1, 2] });
  });

  it('a .json file must be JSON; other text must be YAML', () => {
    expect(message(() => parseData('a: 1', 'c.json'))).toMatch(/^c\.json: not valid JSON: /);
    expect(message(() => parseData('a: [1', 's.yaml'))).toMatch(/^s\.yaml: not valid YAML or JSON: /);
  });
});

describe('one wording for a file that cannot be read', () => {
  it('the same reason for plugin files and data files', () => {
    expect(message(() => readDataFile(join(dir, 'nope.yaml')))).toBe(`${join(dir, 'nope.yaml')}: no such file`);
    expect(message(() => readDataFile(join(dir, 'nope.yaml'), '--scenario nope.yaml'))).toBe('--scenario nope.yaml: no such file');
    expect(message(() => readInput(join(dir, 'nope.wasm')))).toBe(`${join(dir, 'nope.wasm')}: no such file`);
    expect(message(() => readDataFile(dir))).toBe(`${dir}: is a directory`);
  });

  it.skipIf(process.getuid?.() === 0)('permission denied', () => {
    const p = file('secret.yaml', 'a: 1');
    chmodSync(p, 0);
    expect(message(() => readDataFile(p))).toBe(`${p}: permission denied`);
    expect(message(() => readInput(p))).toBe(`${p}: permission denied`);
  });

  it('reasons in words', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(unreadableReason(err('EACCES'))).toBe('permission denied');
    expect(unreadableReason(err('EISDIR'))).toBe('is a directory');
    expect(unreadableReason(err('EIO'))).toBe('cannot read (EIO)');
    expect(unreadableReason(err('EIO'), 'write')).toBe('cannot write (EIO)');
  });
});

describe('every file the CLI reads is checked before it is read (issue #10)', () => {
  it('a FIFO, a device and a directory are refused at once, never read', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // A FIFO with no writer would block a plain read forever: this returns at once.
    expect(message(() => readDataFile(fifo, '--config fifo'))).toBe('--config fifo: not a regular file');
    expect(message(() => readDataFile('/dev/zero', '--scenario /dev/zero'))).toBe('--scenario /dev/zero: not a regular file');
    expect(message(() => readInput(fifo))).toBe(`${fifo}: not a regular file`);
    expect(message(() => readDataFile(dir, '--wasmplugin d'))).toBe('--wasmplugin d: is a directory');
  });

  it('a file over its limit is "too large", whatever it holds', () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, Buffer.alloc(DATA_FILE_MAX_BYTES + 1, 0x20));
    expect(message(() => readDataFile(big, '--config big.json'))).toBe(`--config big.json: too large (${DATA_FILE_MAX_BYTES + 1} bytes; the limit is 16 MiB)`);
    const ok = join(dir, 'ok.json');
    writeFileSync(ok, '{}');
    expect(readUserFile(ok, 'x', 2).toString()).toBe('{}');
    expect(message(() => readUserFile(ok, 'x', 1))).toBe('x: too large (2 bytes; the limit is 1 bytes)');
  });

  it('--plugin-dir must be a directory', () => {
    expect(message(() => checkPluginDir(join(dir, 'missing')))).toBe(`--plugin-dir ${join(dir, 'missing')}: no such file`);
    expect(message(() => checkPluginDir(file('plain.txt', 'x')))).toBe(`--plugin-dir ${join(dir, 'plain.txt')}: not a directory`);
    expect(() => checkPluginDir(dir)).not.toThrow();
  });
});
