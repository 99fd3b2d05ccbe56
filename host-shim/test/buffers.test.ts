/** Buffers by BufferType: availability per callback, clamping, (0, 0) for empty, immutability. */
import { describe, expect, test } from 'vitest';
import { streamPlugin } from './stream-plugin.js';
import { booted, Data, GET, logged, logOut, onRoot, POST, returns } from './wat.js';

const get = (type: number, start = 0, max = 1000) => `(i64.store (i32.const 0) (i64.const 0)) (drop (call $proxy_get_buffer_bytes (i32.const ${type}) (i32.const ${start}) (i32.const ${max}) (i32.const 0) (i32.const 4)))`;
const status = (type: number) => `(drop (call $proxy_get_buffer_status (i32.const ${type}) (i32.const 8) (i32.const 12))) (call $logi (i32.load (i32.const 8))) (call $logi (i32.load (i32.const 12)))`;

describe('get_buffer_bytes / get_buffer_status on the root context', () => {
  test('VM configuration always; clamped ranges; start beyond the end is Ok (0, 0) without allocating', () => {
    const h = onRoot('envoy', ['proxy_get_buffer_bytes', 'proxy_get_buffer_status'], `${get(6)} ${logOut()} ${get(6, 2, 3)} ${logOut()} ${get(6, 50)} (call $logi (i32.load (i32.const 4))) ${status(6)}`, { vmConfiguration: 'vm-config' });
    expect(returns(h, 'proxy_get_buffer_bytes')).toEqual([0, 0, 0]);
    expect(logged(h)).toEqual(['vm-config', '-co', '0', '9', '0']);
    expect(h.trace.filter((e) => e.text.startsWith('malloc(')).map((e) => e.text)).toEqual(['malloc(9)', 'malloc(3)']);
  });

  test('plugin configuration outside create/configure is NotFound; HTTP call body outside its callback NotFound', () => {
    const h = onRoot('envoy', ['proxy_get_buffer_bytes', 'proxy_get_buffer_status'], `${get(7)} ${get(4)} (drop (call $proxy_get_buffer_status (i32.const 7) (i32.const 8) (i32.const 12)))`, { pluginConfiguration: 'x' });
    expect(returns(h, 'proxy_get_buffer_bytes')).toEqual([1, 1]);
    expect(returns(h, 'proxy_get_buffer_status')).toEqual([1]);
  });

  test('buffer type 9 (Redis) exists only on Higress; 10 is unknown everywhere', () => {
    const body = `${get(9)} ${get(10)}`;
    const e = onRoot('envoy', ['proxy_get_buffer_bytes'], body);
    expect(returns(e, 'proxy_get_buffer_bytes')).toEqual([2, 2]);
    expect(e.notes.filter((n) => n.kind === 'bad_enum').map((n) => (n as { value: number }).value)).toEqual([9, 10]);
    expect(returns(onRoot('higress', ['proxy_get_buffer_bytes'], body), 'proxy_get_buffer_bytes')).toEqual([0, 2]);
  });

  test('set_buffer_bytes on an immutable buffer is BadArgument', () => {
    const d = new Data();
    const x = d.str('x');
    const h = onRoot('envoy', ['proxy_set_buffer_bytes'], `(drop (call $proxy_set_buffer_bytes (i32.const 6) (i32.const 0) (i32.const 0) ${x}))`, { data: d, vmConfiguration: 'v' });
    expect(returns(h, 'proxy_set_buffer_bytes')).toEqual([2]);
  });
});

describe('body buffers', () => {
  test('present but empty outside their callbacks (Ok, (0, 0)); the frame inside', () => {
    const h = booted('envoy', streamPlugin({
      imports: ['proxy_get_buffer_status'],
      reqHeaders: `${get(0)} ${get(1)} (i32.const 0)`,
      reqBody: `${get(0)} ${logOut()} ${status(0)} (i32.const 0)`,
    }));
    const s = h.newHttpStream();
    s.sendRequestHeaders(POST, false);
    s.sendRequestBody('{"k":1}', true);
    expect(returns(h, 'proxy_get_buffer_bytes')).toEqual([0, 0, 0]);
    expect(logged(h)).toEqual(['{"k":1}', '7', '0']);
    expect(s.upstream.bodyText).toBe('{"k":1}');
  });

  test('outside callbacks a body buffer cannot be written (BadArgument)', () => {
    const d = new Data();
    const x = d.str('x');
    const h = booted('envoy', streamPlugin({ data: d, reqHeaders: `(drop (call $proxy_set_buffer_bytes (i32.const 0) (i32.const 0) (i32.const 0) ${x})) (i32.const 0)` }));
    h.newHttpStream().sendRequestHeaders(GET, true);
    expect(returns(h, 'proxy_set_buffer_bytes')).toEqual([2]);
  });
});
