/** Load, link, start and root-context lifecycle with the host's texts (reference §1, §2, §5.1). */
import { describe, expect, test } from 'vitest';
import { walkModule } from 'proxy-wasm-host-mock/binary';
import { Data, host, imports, logged, plugin, wat } from './wat.js';

const MIN = (body = '', marker = '0_2_1', extra = '') =>
  wat(`(module ${extra} (memory (export "memory") 1) (func (export "malloc") (param i32) (result i32) (i32.const 8)) ${marker ? `(func (export "proxy_abi_version_${marker}"))` : ''} ${body})`);

describe('load', () => {
  test('no ABI marker / unknown to the profile / corrupted', () => {
    expect(host('envoy', MIN('', '')).boot().stages).toEqual([{ stage: 'load', ok: false, message: 'Missing or unknown Proxy-Wasm ABI version', failState: 'UnableToInitializeCode' }]);
    expect(host('envoy', MIN('', '0_2_100')).link().message).toBe('Missing or unknown Proxy-Wasm ABI version');
    expect(host('higress', MIN('', '0_2_100')).link().ok).toBe(true);
    expect(host('envoy', new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 99])).link().message).toBe('Failed to parse corrupted Wasm module');
  });

  test('the first marker in export order wins', () => {
    const m = MIN('(func (export "proxy_abi_version_0_2_0"))', '0_1_0');
    expect(host('envoy', m).abi).toBe('0.1.0');
    const m2 = wat(`(module (memory (export "memory") 1) (func (export "malloc") (param i32) (result i32) (i32.const 8))
      (func (export "proxy_abi_version_0_2_100")) (func (export "proxy_abi_version_0_2_0")))`);
    expect(host('higress', m2).abi).toBe('0.2.100');
    // Upstream stops at the first marker too, and does not know 0.2.100.
    expect(host('envoy', m2).link().message).toBe('Missing or unknown Proxy-Wasm ABI version');
  });

  test('a compiled Module works; moduleBytes restores exact signatures', () => {
    const bytes = MIN('(func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))');
    const module = new WebAssembly.Module(bytes);
    expect(host('envoy', bytes, { module }).boot().ok).toBe(true);
    expect(host('envoy', bytes, { module, moduleBytes: bytes }).boot().ok).toBe(true);
  });

  test('a walk handed in (walkedModule) is what the host reads; without it the host walks the bytes', () => {
    const bytes = MIN();
    const walked = walkModule(bytes);
    expect(host('envoy', bytes, { walkedModule: walked }).boot().ok).toBe(true);
    // Proof that it is read rather than walked again: a walk without the marker's export.
    const noMarker = { ...walked, exports: walked.exports.filter((e) => !e.name.startsWith('proxy_abi_version_')) };
    expect(host('envoy', bytes, { walkedModule: noMarker }).link().message).toBe('Missing or unknown Proxy-Wasm ABI version');
  });

  test('well-formed bytes with types the engine may reject (GC struct type): V8 decides, not the parser', () => {
    const gc = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 3, 1, 0x5f, 0]);
    const r = host('envoy', gc).link();
    if (WebAssembly.validate(gc)) expect(r.message).toBe('Missing or unknown Proxy-Wasm ABI version');
    else expect(r.message).toMatch(/^Failed to load Wasm bytecode: /);
  });
});

describe('link', () => {
  test('missing import text names the first unresolved import in import order', () => {
    const m = MIN('', '0_2_1', '(import "env" "proxy_nope" (func)) (import "env" "proxy_also_nope" (func))');
    expect(host('envoy', m).link()).toEqual({ stage: 'link', ok: false, message: 'Failed to load Wasm module due to a missing import: env.proxy_nope', failState: 'UnableToInitializeCode' });
  });

  test('imported globals are missing imports; an imported memory is created by the host', () => {
    expect(host('envoy', MIN('', '0_2_1', '(import "env" "g" (global i32))')).link().message).toBe('Failed to load Wasm module due to a missing import: env.g');
    const m = wat(`(module (import "env" "memory" (memory 1)) (func (export "malloc") (param i32) (result i32) (i32.const 8)) (func (export "proxy_abi_version_0_2_1")))`);
    const h = host('envoy', m);
    expect(h.link().ok).toBe(true);
    expect(h.memoryBytes()).toBe(65536);
  });

  test('allocator: malloc or proxy_on_memory_allocate, else the host text', () => {
    const none = wat(`(module (memory (export "memory") 1) (func (export "proxy_abi_version_0_2_1")))`);
    expect(host('envoy', none).link()).toMatchObject({ ok: false, message: 'Wasm module is missing malloc function.', failState: 'MissingFunction' });
    const alias = wat(`(module (memory (export "memory") 1) (func (export "proxy_on_memory_allocate") (param i32) (result i32) (i32.const 8)) (func (export "proxy_abi_version_0_2_1")))`);
    expect(host('envoy', alias).link().ok).toBe(true);
  });

  test('a callback with the wrong signature fails with the host text', () => {
    const m = MIN('(func (export "proxy_on_tick") (param i32) (result i32) (i32.const 0))');
    const h = host('higress', m);
    expect(h.link()).toMatchObject({ ok: false, message: 'Bad function signature for: proxy_on_tick, want: i32 -> void, but the module exports: i32 -> i32' });
    expect(h.notes).toContainEqual({ kind: 'bad_export_signature', name: 'proxy_on_tick', want: 'i32 -> void', got: 'i32 -> i32' });
    // The 0.1.0 two-parameter headers callback is right for 0.1.0, wrong for 0.2.x.
    const v010 = MIN('(func (export "proxy_on_request_headers") (param i32 i32) (result i32) (i32.const 0))', '0_1_0');
    expect(host('envoy', v010).link().ok).toBe(true);
  });
});

describe('start', () => {
  const d = new Data();
  const msg = d.str('init ran');
  const reactor = plugin({
    imports: imports('proxy_set_tick_period_milliseconds'),
    body: `${d.wat}
      (global $mainArgs (mut i32) (i32.const -1))
      (func (export "_initialize") (drop (call $proxy_log (i32.const 2) ${msg})))
      (func (export "main") (param i32 i32) (result i32) (drop (call $proxy_log (i32.const 2) ${msg})) (i32.const 0))`,
  });

  test('_initialize then main(0, 0) on the VM context', () => {
    const h = host('higress', reactor);
    expect(h.start()).toEqual({ stage: 'start', ok: true });
    expect(h.formatTrace()).toContain('[host->vm] _initialize()\n[vm->host] env.proxy_log(2, 1024, 8)');
    expect(h.formatTrace()).toContain('[host->vm] main(0, 0)');
    expect(logged(h)).toEqual(['init ran', 'init ran']);
  });

  test('_start only without _initialize', () => {
    const m = plugin({ body: `(func (export "_start"))` });
    const h = host('envoy', m);
    expect(h.start().ok).toBe(true);
    expect(h.trace.map((e) => e.text)).toContain('_start()');
  });

  test('a hostcall outside the allow-list traps restricted_callback, with a note and hint', () => {
    const m = plugin({ imports: imports('proxy_set_tick_period_milliseconds'), body: `(func (export "_initialize") (drop (call $proxy_set_tick_period_milliseconds (i32.const 10))))` });
    for (const id of ['envoy', 'higress', 'higress-2.0'] as const) {
      const h = host(id, m);
      const r = h.boot();
      expect(r.ok).toBe(false);
      expect(r.stages.at(-1)).toMatchObject({ stage: 'start', ok: false, failState: 'RuntimeError' });
      expect(h.failure).toMatchObject({ export: '_initialize', trapMessage: 'Uncaught Error: restricted_callback', restrictedCallback: true });
      expect(h.failure?.message).toMatch(/^Function: _initialize failed: Uncaught Error: restricted_callback/);
      expect(h.notes[0]).toMatchObject({ kind: 'restricted_callback', callee: 'env.proxy_set_tick_period_milliseconds', phase: 'start', during: '_initialize' });
    }
  });

  test('the start allow-list is profile data: poll_oneoff allowed on higress, not on higress-2.0 (not even registered)', () => {
    const m = plugin({ imports: imports('poll_oneoff'), body: `(func (export "_initialize") (drop (call $poll_oneoff (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 16))))` });
    expect(host('higress', m).start().ok).toBe(true);
    expect(host('higress-2.0', m).link().message).toBe('Failed to load Wasm module due to a missing import: wasi_snapshot_preview1.poll_oneoff');
  });
});

describe('root context', () => {
  const m = plugin({
    imports: imports('proxy_get_buffer_bytes'),
    body: `
      (func $cfg (i64.store (i32.const 0) (i64.const 0)) (drop (call $proxy_get_buffer_bytes (i32.const 7) (i32.const 0) (i32.const 100) (i32.const 0) (i32.const 4)))
        (drop (call $proxy_log (i32.const 2) (i32.load (i32.const 0)) (i32.load (i32.const 4)))))
      (func (export "proxy_on_context_create") (param i32 i32) (call $cfg))
      (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (call $cfg) (i32.const 1))
      (func (export "proxy_on_configure") (param i32 i32) (result i32) (call $cfg) (i32.const 1))`,
  });

  test('create(1, 0), vm_start(1, vm_cfg_size), configure(1, cfg_size); plugin config readable in create and configure only', () => {
    const h = host('envoy', m, { pluginConfiguration: '{"a":1}', vmConfiguration: 'vmcfg' });
    expect(h.boot().ok).toBe(true);
    const calls = h.trace.filter((e) => e.dir === 'host->vm' && e.text.startsWith('proxy_on')).map((e) => e.text);
    expect(calls).toEqual(['proxy_on_context_create(1, 0)', 'proxy_on_vm_start(1, 5)', 'proxy_on_configure(1, 7)']);
    const codes = h.trace.filter((e) => e.text.startsWith('env.proxy_get_buffer_bytes return')).map((e) => e.text.split(': ')[1]);
    expect(codes).toEqual(['0', '1', '0']);
    expect(logged(h).filter((x) => x !== '')).toEqual(['{"a":1}', '{"a":1}']);
  });

  test('vm_start / configure returning 0 fail with the host texts', () => {
    const start0 = plugin({ body: '(func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 0))' });
    expect(host('higress', start0).boot().stages.at(-1)).toEqual({ stage: 'vm_start', ok: false, message: 'Failed to start base Wasm', failState: 'StartFailed', returned: 0 });
    const cfg0 = plugin({ body: '(func (export "proxy_on_configure") (param i32 i32) (result i32) (i32.const 0))' });
    expect(host('higress', cfg0).boot().stages.at(-1)).toEqual({ stage: 'configure', ok: false, message: 'Failed to configure base Wasm plugin', failState: 'ConfigureFailed', returned: 0 });
  });

  test('missing callbacks use the defaults', () => {
    expect(host('envoy', plugin()).boot()).toMatchObject({ ok: true, stages: [{ stage: 'load' }, { stage: 'link' }, { stage: 'start' }, { stage: 'vm_start' }, { stage: 'configure' }] });
  });

  test('shutdown: on_done then on_delete, or wait for proxy_done', () => {
    const later = plugin({
      imports: imports('proxy_done'),
      body: `(func (export "proxy_on_done") (param i32) (result i32) (i32.const 0))
        (func (export "proxy_on_tick") (param i32) (drop (call $proxy_done)))
        (func (export "proxy_on_delete") (param i32))`,
    });
    const h = host('envoy', later);
    h.boot();
    expect(h.shutdown().calls.map((c) => c.export)).toEqual(['proxy_on_done']);
    expect(h.pending().pendingDone).toEqual([1]);
  });
});
