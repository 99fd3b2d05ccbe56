/** proxy_log / proxy_get_log_level and the log caps. */
import { describe, expect, test } from 'vitest';
import { Data, logged, onRoot, returns } from './wat.js';

describe('proxy_log', () => {
  test('levels 0..5 are Ok, above 5 BadArgument; bad memory InvalidMemoryAccess with a note', () => {
    const d = new Data();
    const m = d.str('hello');
    const calls = [0, 1, 2, 3, 4, 5, 6].map((l) => `(drop (call $proxy_log (i32.const ${l}) ${m}))`).join(' ');
    const h = onRoot('envoy', [], `${calls} (drop (call $proxy_log (i32.const 2) (i32.const 131070) (i32.const 10)))`, { data: d });
    expect(returns(h, 'proxy_log')).toEqual([0, 0, 0, 0, 0, 0, 2, 6]);
    expect(h.getCurrentLogs().filter((l) => l.source === 'proxy_log').map((l) => l.level)).toEqual(['trace', 'debug', 'info', 'warn', 'error', 'critical']);
    expect(h.notes).toContainEqual({ kind: 'invalid_memory', fn: 'env.proxy_log', detail: 'message [131070, 131080) outside memory of 131072 bytes', callback: 'proxy_on_tick' });
    expect(h.getCurrentLogs('info')[0]).toMatchObject({ message: 'hello', contextId: 1, callback: 'proxy_on_tick' });
  });

  test('proxy_get_log_level answers the configured level (0.2.1+)', () => {
    const h = onRoot('envoy', ['proxy_get_log_level'], '(drop (call $proxy_get_log_level (i32.const 0))) (call $logi (i32.load (i32.const 0)))', { logLevel: 'warn' });
    expect(logged(h)).toEqual(['3']);
  });

  test('a message keeps its first 64 KiB; only the last logLimit messages are kept and the rest counted', () => {
    const h = onRoot('envoy', [], `(drop (call $proxy_log (i32.const 2) (i32.const 0) (i32.const 100000)))
      (local.set $root (i32.const 0)) (loop $l (drop (call $proxy_log (i32.const 2) (i32.const 0) (i32.const 1)))
        (local.set $root (i32.add (local.get $root) (i32.const 1))) (br_if $l (i32.lt_u (local.get $root) (i32.const 50))))`, { logLimit: 10 });
    const logs = h.getCurrentLogs();
    expect(logs).toHaveLength(10);
    expect(h.notes).toContainEqual({ kind: 'log_dropped', count: 41 });
  });

  test('the first message of a flood is truncated', () => {
    const h = onRoot('envoy', [], '(drop (call $proxy_log (i32.const 2) (i32.const 0) (i32.const 100000)))');
    expect(h.getCurrentLogs()[0]).toMatchObject({ truncated: true });
    expect(h.getCurrentLogs()[0]?.message.length).toBe(65536);
  });
});

describe('what the plugin logged, for a driver', () => {
  test('the trace return line of a log call shows its level and text, escaped', () => {
    const d = new Data();
    const m = d.str('bad \u001b[2J config');
    const h = onRoot('envoy', [], `(drop (call $proxy_log (i32.const 3) ${m}))`, { data: d });
    expect(h.trace.find((e) => e.text.startsWith('env.proxy_log return'))?.text).toBe('env.proxy_log return: 0 (warn "bad \\x1b[2J config")');
  });

  test('logsSince: the entries after a position, and how many of them the cap dropped', () => {
    const h = onRoot('envoy', [], `(local.set $root (i32.const 0)) (loop $l (drop (call $proxy_log (i32.const 2) (i32.const 0) (i32.const 1)))
        (local.set $root (i32.add (local.get $root) (i32.const 1))) (br_if $l (i32.lt_u (local.get $root) (i32.const 30))))`, { logLimit: 10 });
    const end = h.logPosition;
    expect(h.logsSince(end)).toEqual({ entries: [], dropped: 0 });
    const all = h.logsSince(end - 30);
    expect(all.entries).toHaveLength(10);
    expect(all.dropped).toBe(20);
    expect(h.logsSince(end - 4).entries).toHaveLength(4);
  });
});
