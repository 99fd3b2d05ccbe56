/** Header / trailer maps: status codes, first value, lower-casing, pairs codec, byte size. */
import { describe, expect, test } from 'vitest';
import { streamPlugin } from './stream-plugin.js';
import { booted, Data, GET, logged, logOut, onRoot, returns } from './wat.js';

const getV = (map: number, key: string) => `(i64.store (i32.const 0) (i64.const 0)) (drop (call $proxy_get_header_map_value (i32.const ${map}) ${key} (i32.const 0) (i32.const 4)))`;

describe('get_header_map_value', () => {
  const d = new Data();
  const multi = d.str('X-Multi');
  const missing = d.str('x-missing');
  const plugin = (abi: string) => streamPlugin({ abi, data: d, reqHeaders: `${getV(0, multi)} ${logOut()} ${getV(0, missing)} ${getV(8, multi)} ${getV(1, multi)} ${getV(6, multi)} (i32.const 0)` });

  test('0.2.x: first value of a repeated header (key lower-cased), NotFound, BadArgument for map 8 and unavailable maps', () => {
    const h = booted('envoy', plugin('0_2_1'));
    h.newHttpStream().sendRequestHeaders([...GET, ['x-multi', 'a'], ['x-multi', 'b']], true);
    expect(returns(h, 'proxy_get_header_map_value')).toEqual([0, 1, 2, 2, 2]);
    expect(logged(h)).toEqual(['a']);
    expect(h.notes).toContainEqual(expect.objectContaining({ kind: 'bad_enum', argument: 'map_type', value: 8 }));
  });

  test('0.1.0: a missing key is Ok with an empty value', () => {
    const h = booted('envoy', plugin('0_1_0'));
    h.newHttpStream().sendRequestHeaders([...GET, ['x-multi', 'a']], true);
    expect(returns(h, 'proxy_get_header_map_value')).toEqual([0, 0, 2, 2, 2]);
  });
});

describe('mutation and pairs', () => {
  const d = new Data();
  const k = d.str('X-New');
  const v = d.str('v');
  const gone = d.str('x-gone');
  const absent = d.str('x-absent');
  const pairs = d.pairs([[':method', 'GET'], [':path', '/p'], [':authority', 'h'], ['Set-By', 'pairs']]);
  const malformed = d.bytes(new Uint8Array([1, 0, 0, 0, 5, 0, 0, 0]));

  test('add lower-cases, replace replaces all, remove is Ok when absent; get_header_map_size is the byte size', () => {
    const h = booted('envoy', streamPlugin({
      data: d,
      imports: ['proxy_replace_header_map_value', 'proxy_remove_header_map_value', 'proxy_get_header_map_size'],
      reqHeaders: `(drop (call $proxy_add_header_map_value (i32.const 0) ${k} ${v}))
        (drop (call $proxy_replace_header_map_value (i32.const 0) ${gone} ${v}))
        (drop (call $proxy_remove_header_map_value (i32.const 0) ${absent}))
        (drop (call $proxy_get_header_map_size (i32.const 0) (i32.const 8))) (call $logi (i32.load (i32.const 8)))
        (drop (call $proxy_add_header_map_value (i32.const 6) ${k} ${v}))
        (i32.const 0)`,
    }));
    const s = h.newHttpStream();
    s.sendRequestHeaders([[':path', '/'], ['x-gone', '1'], ['x-gone', '2']], true);
    expect(returns(h, 'proxy_add_header_map_value')).toEqual([0, 2]);
    expect(returns(h, 'proxy_replace_header_map_value')).toEqual([0]);
    expect(returns(h, 'proxy_remove_header_map_value')).toEqual([0]);
    expect(s.upstream.headers).toContainEqual(['x-new', 'v']);
    expect(s.upstream.headers?.filter(([key]) => key === 'x-gone')).toEqual([['x-gone', 'v']]);
    // ':path' '/' 'x-request-id' <36> 'x-forwarded-proto' 'http' 'x-new' 'v' 'x-gone' 'v'
    expect(logged(h)).toEqual([String(5 + 1 + 12 + 36 + 17 + 4 + 5 + 1 + 6 + 1)]);
  });

  test('set_header_map_pairs replaces the map; malformed pairs clear it silently (Ok)', () => {
    const h = booted('envoy', streamPlugin({ data: d, imports: ['proxy_set_header_map_pairs'], reqHeaders: `(drop (call $proxy_set_header_map_pairs (i32.const 0) ${pairs})) (i32.const 0)` }));
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    expect(s.upstream.headers).toEqual([[':method', 'GET'], [':path', '/p'], [':authority', 'h'], ['set-by', 'pairs']]);
    const h2 = booted('envoy', streamPlugin({ data: d, imports: ['proxy_set_header_map_pairs'], reqHeaders: `(drop (call $proxy_set_header_map_pairs (i32.const 0) ${malformed})) (i32.const 0)` }));
    const s2 = h2.newHttpStream();
    s2.sendRequestHeaders(GET, true);
    expect(returns(h2, 'proxy_set_header_map_pairs')).toEqual([0]);
    expect(s2.upstream.headers).toEqual([]);
  });

  test('get_header_map_pairs: serialized pairs; an unavailable map is Ok (0, 0) without allocating', () => {
    const h = booted('envoy', streamPlugin({
      imports: ['proxy_get_header_map_pairs'],
      reqHeaders: `(drop (call $proxy_get_header_map_pairs (i32.const 0) (i32.const 0) (i32.const 4))) (call $logi (i32.load (i32.const 4)))
        (drop (call $proxy_get_header_map_pairs (i32.const 3) (i32.const 0) (i32.const 4))) (call $logi (i32.load (i32.const 0))) (call $logi (i32.load (i32.const 4))) (i32.const 0)`,
    }));
    h.newHttpStream().sendRequestHeaders([[':path', '/']], true);
    // 4 + 3 × 8 + (":path\0/\0" 8) + ("x-request-id\0" 13 + 37) + ("x-forwarded-proto\0" 18 + "http\0" 5)
    expect(logged(h)).toEqual([String(4 + 24 + 8 + 50 + 23), '0', '0']);
    expect(h.trace.filter((e) => e.text.startsWith('malloc(')).length).toBe(1);
  });
});

describe('trailers and callout maps', () => {
  test('map 6 outside an HTTP call callback: BadArgument; pairs: Ok (0, 0)', () => {
    const d = new Data();
    const key = d.str(':status');
    const h = onRoot('envoy', ['proxy_get_header_map_value', 'proxy_get_header_map_pairs'], `${getV(6, key)} (drop (call $proxy_get_header_map_pairs (i32.const 6) (i32.const 0) (i32.const 4)))`, { data: d });
    expect(returns(h, 'proxy_get_header_map_value')).toEqual([2]);
    expect(returns(h, 'proxy_get_header_map_pairs')).toEqual([0]);
  });
});
