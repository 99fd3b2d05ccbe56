/** proxy_get_property / proxy_set_property: paths, binary encodings, gateway-like defaults. */
import { describe, expect, test } from 'vitest';
import { streamPlugin } from './stream-plugin.js';
import { booted, Data, GET, logged, logOut, onRoot, returns } from './wat.js';

const path = (segs: string[]) => segs.join('\0');
const getP = (p: string) => `(i64.store (i32.const 0) (i64.const 0)) (drop (call $proxy_get_property ${p} (i32.const 0) (i32.const 4)))`;
/** Logs the first 8 bytes of the answer as a little-endian number (low 32 bits). */
const logNum = '(call $logi (i32.load (i32.load (i32.const 0))))';

describe('stream properties', () => {
  const d = new Data();
  const P = {
    path: d.str(path(['request', 'path'])),
    method: d.str(path(['request', 'method'])),
    urlPath: d.str(path(['request', 'url_path'])),
    query: d.str(path(['request', 'query'])),
    time: d.str(path(['request', 'time'])),
    hdr: d.str(path(['request', 'headers', 'x-multi'])),
    route: d.str('route_name'),
    cluster: d.str('cluster_name'),
    plugin: d.str('plugin_name'),
    root: d.str('plugin_root_id'),
    vm: d.str('plugin_vm_id'),
    source: d.str(path(['source', 'address'])),
    bare: d.str('request'),
    nope: d.str('no_such_property'),
    trailingNul: d.str('route_name\0'),
    node: d.str(path(['node', 'id'])),
    mine: d.str('my_key'),
    val: d.str('my-value'),
  };
  const h = booted('higress', streamPlugin({
    data: d,
    imports: ['proxy_get_property', 'proxy_set_property'],
    reqHeaders: `${[P.path, P.method, P.urlPath, P.query, P.hdr, P.route, P.cluster, P.plugin, P.root, P.vm, P.source, P.trailingNul, P.node].map((p) => `${getP(p)} ${logOut()}`).join(' ')}
      ${getP(P.time)} (call $logi (i32.load (i32.const 4)))
      ${getP(P.bare)} ${getP(P.nope)}
      (drop (call $proxy_set_property ${P.mine} ${P.val})) ${getP(P.mine)} ${logOut()}
      (i32.const 0)`,
  }), { pluginName: 'my-plugin', rootId: 'my-root', vmId: 'my-vm', properties: { 'node.id': 'gw-1' } });
  const s = h.newHttpStream({ properties: { route_name: 'chat' } });
  s.sendRequestHeaders([[':method', 'POST'], [':path', '/v1/x?a=1#f'], [':authority', 'h'], ['x-multi', 'a'], ['x-multi', 'b']], true);

  test('values and status codes', () => {
    expect(logged(h)).toEqual(['/v1/x?a=1#f', 'POST', '/v1/x', 'a=1', 'a,b', 'chat', 'wasm-verify-upstream', 'my-plugin', 'my-root', 'my-vm', '10.0.0.2:52000', 'chat', 'gw-1', '8', 'my-value']);
    const codes = returns(h, 'proxy_get_property');
    expect(codes.slice(-4)).toEqual([0, 3, 1, 0]); // time Ok, bare request SerializationFailure, unknown NotFound, set_property read back
    expect(returns(h, 'proxy_set_property')).toEqual([0]);
  });
});

describe('response and root-context properties', () => {
  test('response.code is an 8-byte integer; code_details via_upstream after the upstream answered', () => {
    const d = new Data();
    const code = d.str(path(['response', 'code']));
    const details = d.str(path(['response', 'code_details']));
    const h = booted('envoy', streamPlugin({ data: d, imports: ['proxy_get_property'], resHeaders: `${getP(code)} ${logNum} (call $logi (i32.load (i32.const 4))) ${getP(details)} ${logOut()} (i32.const 0)` }));
    const s = h.newHttpStream();
    s.sendRequestHeaders(GET, true);
    s.sendResponseHeaders([[':status', '201']], true);
    expect(logged(h)).toEqual(['201', '8', 'via_upstream']);
  });

  test('a root context resolves plugin_* and node but not stream properties; set_property is NotFound there', () => {
    const d = new Data();
    const route = d.str('route_name');
    const plugin = d.str('plugin_name');
    const v = d.str('v');
    const h = onRoot('envoy', ['proxy_get_property', 'proxy_set_property'], `${getP(route)} ${getP(plugin)} (drop (call $proxy_set_property ${route} ${v}))`, { data: d });
    expect(returns(h, 'proxy_get_property')).toEqual([1, 0]);
    expect(returns(h, 'proxy_set_property')).toEqual([1]);
  });

  test('booleans are 1 byte', () => {
    const d = new Data();
    const mtls = d.str(path(['connection', 'mtls']));
    const h = booted('envoy', streamPlugin({ data: d, imports: ['proxy_get_property'], reqHeaders: `${getP(mtls)} (call $logi (i32.load (i32.const 4))) (i32.const 0)` }));
    h.newHttpStream().sendRequestHeaders(GET, true);
    expect(logged(h)).toEqual(['1']);
  });
});
