/** proxy_call_foreign_function: names per profile, results allocated in the guest. */
import { deflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { Data, logged, logOut, onRoot, returns } from './wat.js';

const d = new Data();
const getLevel = d.str('get_log_level');
const unknown = d.str('no_such_function');
const uncompress = d.str('uncompress');
const packed = d.bytes(new Uint8Array(deflateSync(Buffer.from('hello hello hello'))));
const garbage = d.str('not zlib');
// Results at 8/12: a results pointer of 0 means "no results wanted" to the host.
const ff = (n: string, args = '(i32.const 0) (i32.const 0)') => `(i64.store (i32.const 8) (i64.const 0)) (drop (call $proxy_call_foreign_function ${n} ${args} (i32.const 8) (i32.const 12)))`;

describe('foreign functions', () => {
  test('get_log_level exists on Higress (u32 result), not on upstream Envoy; unknown names NotFound', () => {
    const body = `${ff(getLevel)} (call $logi (i32.load (i32.load (i32.const 8)))) (call $logi (i32.load (i32.const 12))) ${ff(unknown)}`;
    const hg = onRoot('higress', ['proxy_call_foreign_function'], body, { data: d, logLevel: 'debug' });
    expect(returns(hg, 'proxy_call_foreign_function')).toEqual([0, 1]);
    expect(logged(hg)).toEqual(['1', '4']);
    const e = onRoot('envoy', ['proxy_call_foreign_function'], ff(getLevel), { data: d });
    expect(returns(e, 'proxy_call_foreign_function')).toEqual([1]);
  });

  test('uncompress (zlib) returns the data; bad input is SerializationFailure', () => {
    const h = onRoot('envoy', ['proxy_call_foreign_function'], `${ff(uncompress, packed)} ${logOut(8)} ${ff(uncompress, garbage)}`, { data: d });
    expect(returns(h, 'proxy_call_foreign_function')).toEqual([0, 3]);
    expect(logged(h)).toEqual(['hello hello hello']);
  });
});
