/** gRPC calls and streams, mocked by the caller. */
import { describe, expect, test } from 'vitest';
import { booted, Data, LOG_I32, logged, logOut, onRoot, plugin, imports, returns } from './wat.js';

const d = new Data();
const svc = d.str('grpc-cluster');
const name = d.str('pkg.Svc');
const method = d.str('Do');
const md = d.pairs([['k', 'v']]);
const msg = d.str('req');
const call = `(drop (call $proxy_grpc_call ${svc} ${name} ${method} ${md} ${msg} (i32.const 500) (i32.const 16))) (call $logi (i32.load (i32.const 16)))`;
const stream = `(drop (call $proxy_grpc_stream ${svc} ${name} ${method} ${md} (i32.const 16))) (call $logi (i32.load (i32.const 16)))`;

describe('grpc', () => {
  test('tokens: calls 5, 9; streams 6; unknown cluster ParseFailure; send/close/cancel by token kind', () => {
    const h = onRoot('envoy', ['proxy_grpc_call', 'proxy_grpc_stream', 'proxy_grpc_send', 'proxy_grpc_close', 'proxy_grpc_cancel'], `${call} ${call} ${stream}
      (drop (call $proxy_grpc_send (i32.const 6) ${msg} (i32.const 0)))
      (drop (call $proxy_grpc_send (i32.const 5) ${msg} (i32.const 0)))
      (drop (call $proxy_grpc_send (i32.const 10) ${msg} (i32.const 0)))
      (drop (call $proxy_grpc_cancel (i32.const 9)))
      (drop (call $proxy_grpc_cancel (i32.const 13)))
      (drop (call $proxy_grpc_close (i32.const 4)))`, { data: d });
    expect(logged(h)).toEqual(['5', '9', '6']);
    expect(returns(h, 'proxy_grpc_send')).toEqual([0, 2, 1]);
    expect(returns(h, 'proxy_grpc_cancel')).toEqual([0, 1]);
    expect(returns(h, 'proxy_grpc_close')).toEqual([2]);
    expect(h.pending().grpcCalls.map((g) => [g.token, g.kind, g.sent.length])).toEqual([[5, 'call', 0], [6, 'stream', 1]]);
    expect(h.getCurrentGrpcCalls()[0]).toMatchObject({ service: 'grpc-cluster', serviceName: 'pkg.Svc', method: 'Do', initialMetadata: [['k', 'v']], timeoutMs: 500 });
    const u = onRoot('envoy', ['proxy_grpc_call'], call, { data: d, clusters: [] });
    expect(returns(u, 'proxy_grpc_call')).toEqual([4]);
  });

  test('respondGrpcCall drives initial metadata, messages, trailing metadata and close on the root', () => {
    const key = d.str('k');
    const m = plugin({
      imports: imports('proxy_grpc_call', 'proxy_set_tick_period_milliseconds', 'proxy_get_buffer_bytes', 'proxy_get_header_map_value', 'proxy_get_status'),
      body: `${d.wat} ${LOG_I32}
        (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (drop (call $proxy_set_tick_period_milliseconds (i32.const 1))) (i32.const 1))
        (func (export "proxy_on_tick") (param i32) (drop (call $proxy_set_tick_period_milliseconds (i32.const 0))) ${call})
        (func (export "proxy_on_grpc_receive_initial_metadata") (param i32 i32 i32)
          (drop (call $proxy_get_header_map_value (i32.const 4) ${key} (i32.const 0) (i32.const 4))) ${logOut()})
        (func (export "proxy_on_grpc_receive") (param i32 i32 i32)
          (drop (call $proxy_get_buffer_bytes (i32.const 5) (i32.const 0) (local.get 2) (i32.const 0) (i32.const 4))) ${logOut()})
        (func (export "proxy_on_grpc_receive_trailing_metadata") (param i32 i32 i32) (call $logi (local.get 2)))
        (func (export "proxy_on_grpc_close") (param i32 i32 i32) (call $logi (local.get 2))
          (drop (call $proxy_get_status (i32.const 8) (i32.const 0) (i32.const 4))) ${logOut()})`,
    });
    const h = booted('envoy', m);
    h.advanceTime(1);
    const r = h.respondGrpcCall(5, { initialMetadata: [['k', 'iv']], messages: ['m1', 'm2'], trailingMetadata: [['a', '1'], ['b', '2']], status: 7, statusMessage: 'denied' });
    expect(r.calls.map((c) => c.export)).toEqual(['proxy_on_grpc_receive_initial_metadata', 'proxy_on_grpc_receive', 'proxy_on_grpc_receive', 'proxy_on_grpc_receive_trailing_metadata', 'proxy_on_grpc_close']);
    expect(logged(h)).toEqual(['5', 'iv', 'm1', 'm2', '2', '7', 'denied']);
    expect(h.pending().grpcCalls).toEqual([]);
  });
});
