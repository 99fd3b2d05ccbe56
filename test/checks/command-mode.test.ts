import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandMode } from '../../src/checks/command-mode.js';
import { runChecks } from '../../src/checks/index.js';
import { context, rulesOf, wat } from '../helpers/wasm.js';

const base = (body: string): Promise<Uint8Array> =>
  wat(`(module
    (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
    (memory (export "memory") 1)
    (func (export "proxy_abi_version_0_2_1"))
    (func (export "malloc") (param i32) (result i32) i32.const 0)
    ${body})`);

describe('command-mode (WV1007)', () => {
  it('fails a command whose _start reaches proc_exit through direct calls', async () => {
    const m = await base(`
      (func $exit (i32.const 0) (call $proc_exit))
      (func $main (block (loop (br 1))) (v128.const i32x4 0 0 0 0) (drop) (call $exit))
      (func (export "_start") (call $main))`);
    expect(rulesOf(commandMode, m)).toEqual(['WV1007']);
  });

  it('passes a command whose _start never calls proc_exit, and any reactor', async () => {
    expect(rulesOf(commandMode, await base('(func $unused (call $proc_exit (i32.const 0))) (func (export "_start"))'))).toEqual([]);
    expect(rulesOf(commandMode, await base('(func (export "_initialize") (call $proc_exit (i32.const 0)))'))).toEqual([]);
  });

  it('passes a Go 1.24 c-shared build (a reactor)', () => {
    expect(rulesOf(commandMode, readFileSync('sample-plugins/build/go-header-rewrite.wasm'), 'higress')).toEqual([]);
  });

  it('says which toolchain and how to rebuild', async () => {
    const m = await base('(func (export "_start") (call $proc_exit (i32.const 1)))');
    const f = runChecks(context(m), [commandMode]);
    expect(f[0]!.hint).toContain('_initialize');
  });
});
