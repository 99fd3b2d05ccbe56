import { describe, expect, it } from 'vitest';
import { imports } from '../../src/checks/imports.js';
import { runChecks } from '../../src/checks/index.js';
import { context, plugin, rulesOf, wat } from '../helpers/wasm.js';

const withImports = (imps: string, marker?: string): Promise<Uint8Array> => wat(plugin('', marker).replace('(module', `(module ${imps}`));

describe('imports (WV2001-WV2004)', () => {
  it('passes imports the host registers with its signatures', async () => {
    const m = await withImports(`
      (import "env" "proxy_log" (func (param i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
      (import "wasi_unstable" "proc_exit" (func (param i32)))
      (import "env" "memory" (memory 1))
      (import "env" "table" (table 1 funcref))`);
    expect(rulesOf(imports, m)).toEqual([]);
  });

  it('WV2001 for every missing import, the first one marked', async () => {
    const m = await withImports(`
      (import "env" "not_a_host_function" (func))
      (import "env" "proxy_log" (func (param i32 i32 i32) (result i32)))
      (import "my_module" "other" (func))`);
    const f = runChecks(context(m), [imports]);
    expect(f.map((x) => [x.ruleId, x.args['symbol'], x.args['first']])).toEqual([
      ['WV2001', 'env.not_a_host_function', true],
      ['WV2001', 'my_module.other', false],
    ]);
    expect(f[0]!.message).toContain('"Failed to load Wasm module due to a missing import: env.not_a_host_function"');
  });

  it('WV2001 for Higress-only functions on envoy, naming the hosts that have them', async () => {
    const m = await withImports('(import "env" "proxy_redis_init" (func (param i32 i32 i32 i32 i32 i32 i32) (result i32)))');
    expect(rulesOf(imports, m, 'higress')).toEqual([]);
    const f = runChecks(context(m, 'envoy'), [imports]);
    expect(f.map((x) => x.ruleId)).toEqual(['WV2001']);
    expect(f[0]!.hint).toBe('First provided by Higress 2.0: run that release or a later one (--host versions shows the oldest that runs the module), or rebuild without the code that needs it.');
  });

  it('WV2001 for sched_yield on higress-2.0 only', async () => {
    const m = await withImports('(import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))');
    expect(rulesOf(imports, m, 'higress-2.0')).toEqual(['WV2001']);
    expect(rulesOf(imports, m, 'higress')).toEqual([]);
    expect(rulesOf(imports, m, 'envoy')).toEqual([]);
  });

  it('WV2001 on a host that refuses the ABI marker still names that family\'s first release', async () => {
    // A Higress-built module (0.2.100) checked on an old Envoy: the Envoy user learns which Envoy
    // registers sched_yield, not only which Higress does (the marker itself is WV1002's business).
    const m = await withImports('(import "wasi_snapshot_preview1" "sched_yield" (func (result i32)))', 'proxy_abi_version_0_2_100');
    const f = runChecks(context(m, 'envoy-1.29'), [imports]);
    expect(f.map((x) => x.ruleId)).toEqual(['WV2001']);
    expect(f[0]!.hint).toContain('First provided by Envoy 1.32.13, Istio 1.25, Higress 2.0.7');
  });

  it('WV2002 with the host format, using the hosts\' own WASI signatures', async () => {
    const wasiRename = '(import "wasi_snapshot_preview1" "path_rename" (func (param i32 i32 i32 i32 i32 i32) (result i32)))';
    const m = await withImports(wasiRename);
    expect(rulesOf(imports, m, 'envoy-main')).toEqual([]);
    const f = runChecks(context(m, 'higress'), [imports]);
    expect(f.map((x) => x.ruleId)).toEqual(['WV2002']);
    expect(f[0]!.message).toBe(
      '"Failed to load Wasm module due to an import type mismatch: wasi_snapshot_preview1.path_rename, want: i32 i32 i32 i32 i32 i32 -> i32, but host exports: i32 i32 i32 i32 i32 -> i32" (the gateway stops at this first link error).',
    );
    // WASI preview1's 7-parameter path_link does not match the host's 6.
    const link = await withImports('(import "wasi_snapshot_preview1" "path_link" (func (param i32 i32 i32 i32 i32 i32 i32) (result i32)))');
    expect(rulesOf(imports, link, 'envoy-main')).toEqual(['WV2002']);
    const voidContinue = await withImports('(import "env" "proxy_continue_request" (func))', 'proxy_abi_version_0_1_0');
    expect(rulesOf(imports, voidContinue)).toEqual(['WV2002']);
  });

  it('WV2003 for an import of another ABI version', async () => {
    const m = await withImports('(import "env" "proxy_get_log_level" (func (param i32) (result i32)))', 'proxy_abi_version_0_2_0');
    const f = runChecks(context(m), [imports]);
    expect(f.map((x) => x.ruleId)).toEqual(['WV2003']);
    expect(f[0]!.args['providedFor']).toBe('0.2.1');
    const ok = await withImports('(import "env" "proxy_get_log_level" (func (param i32) (result i32)))', 'proxy_abi_version_0_2_1');
    expect(rulesOf(imports, ok)).toEqual([]);
  });

  it('WV2004 for an imported global', async () => {
    const m = await withImports('(import "env" "__memory_base" (global i32))');
    expect(rulesOf(imports, m)).toEqual(['WV2004']);
  });
});
