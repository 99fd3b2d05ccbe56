/** Traps: sticky failure with the host's message and backtrace, panic text, fail-closed / fail-open. */
import { describe, expect, test } from 'vitest';
import { streamPlugin } from './stream-plugin.js';
import { booted, Data, GET, imports, plugin, returns, wat } from './wat.js';

const d = new Data();
const panicMsg = d.place('panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n');
const iov = `(i32.store (i32.const 16) (i32.const ${panicMsg.ptr})) (i32.store (i32.const 20) (i32.const ${panicMsg.len}))`;
const trapper = streamPlugin({
  data: d,
  imports: ['fd_write'],
  reqHeaders: `(call $inner) (i32.const 0)`,
  extra: `(func $inner ${iov} (drop (call $fd_write (i32.const 2) (i32.const 16) (i32.const 1) (i32.const 24))) unreachable)`,
  resHeaders: '(i32.const 0)',
  onLog: '',
});

describe('a trap', () => {
  test('marks the VM failed with the host message, backtrace names and panic text', () => {
    const h = booted('higress', trapper);
    const s = h.newHttpStream();
    const r = s.sendRequestHeaders(GET, true);
    expect(r.trapped).toBe(true);
    const f = h.failure;
    expect(f).toMatchObject({ export: 'proxy_on_request_headers', trapMessage: 'Uncaught RuntimeError: unreachable', restrictedCallback: false, panicText: 'panic: boom' });
    // Names come from the name section only; the anonymous exported function has none.
    expect(f?.backtrace[0]?.name).toBe('inner');
    expect(f?.message).toMatch(/^Function: proxy_on_request_headers failed: Uncaught RuntimeError: unreachable\nProxy-Wasm plugin in-VM backtrace:\n  0:  0x[0-9a-f]+ - inner\n  1:  0x[0-9a-f]+ - unknown\(function index:\d+\)$/);
    expect(h.getCurrentLogs('error').map((l) => l.message)[0]).toBe('panic: boom\n\ngoroutine 1 [running]:\nmain.main()');
  });

  test('keeps the error the plugin logged just before it trapped (AssemblyScript abort); not one from an earlier callback', () => {
    const dd = new Data();
    const why = dd.place('Missing root context factory for root id: ');
    const early = dd.place('earlier failure');
    const logThenTrap = streamPlugin({
      data: dd,
      reqHeaders: `(drop (call $proxy_log (i32.const 4) (i32.const ${early.ptr}) (i32.const ${early.len}))) (i32.const 0)`,
      resHeaders: `(drop (call $proxy_log (i32.const 5) (i32.const ${why.ptr}) (i32.const ${why.len}))) unreachable`,
      onLog: '',
    });
    const h = booted('envoy', logThenTrap);
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    s.sendResponseHeaders([[':status', '200']], true);
    expect(h.failure).toMatchObject({ export: 'proxy_on_response_headers', errorLog: 'Missing root context factory for root id: ' });
    expect(h.failure?.panicText).toBeUndefined();

    const h2 = booted('envoy', streamPlugin({ data: dd, reqHeaders: `(drop (call $proxy_log (i32.const 4) (i32.const ${early.ptr}) (i32.const ${early.len}))) (i32.const 0)`, resHeaders: 'unreachable', onLog: '' }));
    const s2 = h2.newHttpStream();
    s2.sendRequestHeaders(GET, true);
    s2.sendResponseHeaders([[':status', '200']], true);
    expect(h2.failure?.export).toBe('proxy_on_response_headers');
    expect(h2.failure?.errorLog).toBeUndefined();
  });

  test('fail closed: 503 wasm_fail_stream on this and every later stream; the plugin is not called again', () => {
    const h = booted('envoy', trapper);
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    expect(s.downstream).toMatchObject({ status: 503, endOfStream: true });
    expect(s.state).toMatchObject({ failedVm: 'closed', done: true, localReply: { status: 503, details: 'wasm_fail_stream', grpcStatus: 14, source: 'fail-closed' } });
    expect(s.upstream.headers).toBeUndefined();
    const s2 = h.newHttpStream();
    const r2 = s2.sendRequestHeaders(GET, true);
    expect(r2.calls).toEqual([]);
    expect(s2.downstream.status).toBe(503);
    expect(h.trace.filter((e) => e.dir === 'host->vm').map((e) => e.text)).not.toContain('proxy_on_context_create(3, 1)');
  });

  test('fail open: later streams skip the plugin', () => {
    const h = booted('envoy', trapper, { failOpen: true });
    h.newHttpStream().sendRequestHeaders(GET, true);
    const s2 = h.newHttpStream();
    expect(s2.sendRequestHeaders(GET, true).calls).toEqual([]);
    expect(s2.upstream.headers).toBeDefined();
    expect(s2.state.failedVm).toBe('open');
  });

  test('stack overflow is a trap too', () => {
    const h = booted('envoy', streamPlugin({ reqHeaders: '(call $rec) (i32.const 0)', extra: '(func $rec (call $rec))' }));
    h.newHttpStream().sendRequestHeaders(GET, true);
    expect(h.failure?.trapMessage).toBe('Uncaught RangeError: Maximum call stack size exceeded');
  });
});

describe('the allocator', () => {
  const d2 = new Data();
  const key = d2.str(':path');
  const m = (mallocBody: string) =>
    plugin({
      noMalloc: true,
      imports: imports('proxy_get_header_map_value', 'proxy_set_tick_period_milliseconds'),
      body: `${d2.wat}
        (func (export "malloc") (param $n i32) (result i32) ${mallocBody})
        (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
          (drop (call $proxy_get_header_map_value (i32.const 0) ${key} (i32.const 0) (i32.const 4))) (i32.const 0))`,
    });

  test('is called on the VM context, re-entrantly, with the exact size', () => {
    const h = booted('envoy', m('(i32.const 4096)'));
    h.newHttpStream().sendRequestHeaders(GET, true);
    expect(h.formatTrace()).toContain('[vm->host] env.proxy_get_header_map_value(0, 1024, 5, 0, 4)\n[host->vm] malloc(1)\n[host<-vm] malloc return: 4096');
  });

  test('returning 0 makes the hostcall InvalidMemoryAccess', () => {
    const h = booted('envoy', m('(i32.const 0)'));
    h.newHttpStream().sendRequestHeaders(GET, true);
    expect(returns(h, 'proxy_get_header_map_value')).toEqual([6]);
    expect(h.failure).toBeUndefined();
  });

  test('a trap inside it fails the VM (export malloc); the hostcall answers InvalidMemoryAccess', () => {
    const h = booted('envoy', m('unreachable'));
    h.newHttpStream().sendRequestHeaders(GET, true);
    expect(returns(h, 'proxy_get_header_map_value')).toEqual([6]);
    expect(h.failure?.export).toBe('malloc');
  });

  test('allocator-time restriction is profile data: envoy restricts, higress does not', () => {
    const body = '(drop (call $proxy_set_tick_period_milliseconds (i32.const 5))) (i32.const 4096)';
    const e = booted('envoy', m(body));
    e.newHttpStream().sendRequestHeaders(GET, true);
    expect(e.notes[0]).toMatchObject({ kind: 'restricted_callback', callee: 'env.proxy_set_tick_period_milliseconds', phase: 'allocator', during: 'malloc' });
    expect(e.failure?.export).toBe('malloc');
    const hg = booted('higress', m(body));
    hg.newHttpStream().sendRequestHeaders(GET, true);
    expect(hg.failure).toBeUndefined();
    // The allocator runs on the VM context (id 0), so the timer is armed for context 0.
    expect(hg.getCurrentTickPeriodMs(0)).toBe(5);
  });
});

describe('Higress recovery', () => {
  const panicOn = streamPlugin({ data: new Data(), reqHeaders: '(if (i32.eq (local.get $n) (i32.const 7)) (then unreachable)) (i32.const 0)' });
  test('a fresh VM replays start and configure, at most once per interval; upstream Envoy does not recover', () => {
    const h = booted('higress', panicOn);
    h.newHttpStream().sendRequestHeaders([...GET, ['x-panic', '1']], true);
    expect(h.failure).toBeDefined();
    const r = h.recover();
    expect(r.ok).toBe(true);
    expect(h.failure).toBeUndefined();
    expect(h.getCurrentLogs('info').map((l) => l.message)).toContain('wasm vm recover from crash success');
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    expect(s.upstream.headers).toBeDefined();
    h.newHttpStream().sendRequestHeaders([...GET, ['x-panic', '1']], true);
    expect(h.recover()).toEqual({ ok: false, stages: [] }); // within 5 s
    h.advanceTime(5000);
    expect(h.recover().ok).toBe(true);

    const e = booted('envoy', panicOn);
    e.newHttpStream().sendRequestHeaders([...GET, ['x-panic', '1']], true);
    expect(e.recover()).toEqual({ ok: false, stages: [] });
  });
});

describe('a module without memory', () => {
  const noMemory = (body: string): Uint8Array =>
    wat(`(module
      (import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))
      (func (export "proxy_abi_version_0_2_1"))
      (func (export "malloc") (param i32) (result i32) (i32.const 0))
      (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) ${body} (i32.const 0)))`);

  test('loads and runs while it needs no memory', () => {
    const h = booted('envoy', noMemory(''));
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    expect(h.failure).toBeUndefined();
    expect(s.upstream.endOfStream).toBe(true);
  });

  test('its first hostcall that must read plugin memory traps the VM, naming the call', () => {
    const h = booted('envoy', noMemory('(drop (call $log (i32.const 2) (i32.const 0) (i32.const 5)))'));
    h.newHttpStream().sendRequestHeaders(GET, true);
    expect(h.failure?.trapMessage).toBe('Uncaught Error: the module has no memory, and env.proxy_log must read or write plugin memory');
    expect(h.failure?.export).toBe('proxy_on_request_headers');
  });
});
