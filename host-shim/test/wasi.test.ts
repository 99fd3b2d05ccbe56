/** WASI exactly as proxy-wasm-cpp-host implements it (reference §10). */
import { describe, expect, test } from 'vitest';
import { booted, Data, imports, LOG_I32, logged, onRoot, plugin, returns } from './wat.js';

const d = new Data();
const out = d.place('to stdout\n');
const err = d.place('to stderr\n\n');
const iov = (at: number, p: { ptr: number; len: number }) => `(i32.store (i32.const ${at}) (i32.const ${p.ptr})) (i32.store (i32.const ${at + 4}) (i32.const ${p.len}))`;

describe('WASI', () => {
  test('poll_oneoff by host table: 52 and nothing written (c4d7bb0 … beb8a4e, Higress 2.0.7), noted once; 0 and no events after 94091cd', () => {
    const body = `(i32.store (i32.const 40) (i32.const 9))
      (drop (call $poll_oneoff (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 40))) (call $logi (i32.load (i32.const 40)))
      (drop (call $poll_oneoff (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 40)))`;
    for (const id of ['envoy-1.32.13', 'envoy-1.38', 'higress-2.0.7'] as const) {
      const h = onRoot(id, ['poll_oneoff'], body);
      expect(returns(h, 'poll_oneoff'), id).toEqual([52, 52]);
      expect(logged(h), id).toEqual(['9']);
      expect(h.notes.filter((n) => n.kind === 'wasi_nosys'), id).toEqual([{ kind: 'wasi_nosys', fn: 'poll_oneoff', callback: 'proxy_on_tick' }]);
    }
    for (const id of ['envoy-main', 'higress-2.1'] as const) {
      const h = onRoot(id, ['poll_oneoff'], body);
      expect(returns(h, 'poll_oneoff'), id).toEqual([0, 0]);
      expect(logged(h), id).toEqual(['0']);
      expect(h.notes.filter((n) => n.kind === 'wasi_nosys'), id).toEqual([]);
    }
  });

  test('fd_write: stdout → info, stderr → error, one trailing newline stripped, nwritten = all bytes; other fds BADF; bad iovec FAULT', () => {
    const h = onRoot('envoy', ['fd_write'], `${iov(16, out)} ${iov(24, err)}
      (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 40))) (call $logi (i32.load (i32.const 40)))
      (drop (call $fd_write (i32.const 2) (i32.const 24) (i32.const 1) (i32.const 40)))
      (drop (call $fd_write (i32.const 3) (i32.const 16) (i32.const 1) (i32.const 40)))
      (drop (call $fd_write (i32.const 1) (i32.const 131068) (i32.const 1) (i32.const 40)))`, { data: d });
    expect(returns(h, 'fd_write')).toEqual([0, 0, 8, 21]);
    const logs = h.getCurrentLogs().map((l) => [l.level, l.source, l.message]);
    expect(logs).toEqual([['info', 'fd_write', 'to stdout'], ['info', 'proxy_log', '10'], ['error', 'fd_write', 'to stderr\n']]);
  });

  test('stubs: proc_exit logs and returns, poll_oneoff no events, path_open NOENT, no preopens, fd_readdir 20, sched_yield 0', () => {
    const h = onRoot('higress', ['proc_exit', 'poll_oneoff', 'path_open', 'fd_prestat_get', 'fd_readdir', 'sched_yield', 'fd_read', 'fd_seek', 'fd_close', 'fd_fdstat_get'], `
      (call $proc_exit (i32.const 3)) (call $logi (i32.const 42))
      (i32.store (i32.const 40) (i32.const 9)) (drop (call $poll_oneoff (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 40))) (call $logi (i32.load (i32.const 40)))
      (drop (call $path_open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 40)))
      (drop (call $fd_prestat_get (i32.const 3) (i32.const 40)))
      (drop (call $fd_readdir (i32.const 3) (i32.const 0) (i32.const 0) (i64.const 0) (i32.const 40)))
      (drop (call $sched_yield)) (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))
      (drop (call $fd_seek (i32.const 1) (i64.const 0) (i32.const 0) (i32.const 0))) (drop (call $fd_close (i32.const 1)))
      (drop (call $fd_fdstat_get (i32.const 1) (i32.const 48))) (call $logi (i32.load (i32.const 56)))
      (drop (call $fd_fdstat_get (i32.const 5) (i32.const 48)))`);
    expect(logged(h)).toEqual(['42', '0', '64']);
    expect(h.getCurrentLogs('trace').map((l) => l.message)).toEqual(['wasi_unstable proc_exit', 'wasi_unstable fd_seek', 'wasi_unstable fd_close']);
    expect([...['poll_oneoff', 'path_open', 'fd_prestat_get', 'fd_readdir', 'sched_yield', 'fd_read', 'fd_seek', 'fd_close'].map((f) => returns(h, f)[0]), ...returns(h, 'fd_fdstat_get')]).toEqual([0, 44, 8, 20, 0, 52, 0, 0, 0, 8]);
    expect(h.failure).toBeUndefined();
  });

  test('environ from the VM configuration environment; args empty', () => {
    const h = onRoot('envoy', ['environ_sizes_get', 'environ_get', 'args_sizes_get'], `
      (drop (call $environ_sizes_get (i32.const 16) (i32.const 20))) (call $logi (i32.load (i32.const 16))) (call $logi (i32.load (i32.const 20)))
      (drop (call $environ_get (i32.const 32) (i32.const 2048)))
      (drop (call $proxy_log (i32.const 2) (i32.load (i32.const 32)) (i32.const 7)))
      (drop (call $proxy_log (i32.const 2) (i32.load (i32.const 36)) (i32.const 9)))
      (drop (call $args_sizes_get (i32.const 16) (i32.const 20))) (call $logi (i32.load (i32.const 16)))`, { environment: { A: 'one', KEY: 'val' } });
    expect(logged(h)).toEqual(['2', '14', 'A=one\0K', 'KEY=val\0\0', '0']);
  });

  test('random_get: deterministic per seed, at most 64 KiB; clock ids 0/1 only', () => {
    const body = `(drop (call $random_get (i32.const 16) (i32.const 4))) (call $logi (i32.load (i32.const 16)))
      (drop (call $random_get (i32.const 16) (i32.const 65537)))
      (drop (call $clock_time_get (i32.const 1) (i64.const 0) (i32.const 40))) (drop (call $clock_time_get (i32.const 2) (i64.const 0) (i32.const 40)))`;
    const a = onRoot('envoy', ['random_get', 'clock_time_get'], body, { randomSeed: 7 });
    const b = onRoot('envoy', ['random_get', 'clock_time_get'], body, { randomSeed: 7 });
    const c = onRoot('envoy', ['random_get', 'clock_time_get'], body, { randomSeed: 8 });
    expect(logged(a)).toEqual(logged(b));
    expect(logged(a)).not.toEqual(logged(c));
    expect(returns(a, 'random_get')).toEqual([0, 28]);
    expect(returns(a, 'clock_time_get')).toEqual([0, 58]);
  });

  test('the WASI set is per profile: sched_yield is a link failure on higress-2.0', () => {
    const m = plugin({ imports: imports('sched_yield'), body: LOG_I32 });
    expect(booted('higress', m).failure).toBeUndefined();
    expect(() => booted('higress-2.0', m)).toThrow(/missing import: wasi_snapshot_preview1.sched_yield/);
  });
});
void Data;
