/** One reader for the data files a user names (src/data-file.ts): formats and problem wording. */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseData, readDataFile, unreadableReason } from '../src/data-file.js';
import { InputError } from '../src/errors.js';
import { readInput } from '../src/input.js';

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
