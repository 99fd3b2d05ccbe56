import { describe, expect, test } from 'vitest';
import { booted, GET, plugin } from './wat.js';

describe('smoke', () => {
  test('adds a header on the request', () => {
    const m = plugin({
      imports: '(import "env" "proxy_add_header_map_value" (func $add (param i32 i32 i32 i32 i32) (result i32)))',
      body: `
        (data (i32.const 1024) "x-wasm")
        (data (i32.const 1040) "yes")
        (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
          (drop (call $add (i32.const 0) (i32.const 1024) (i32.const 6) (i32.const 1040) (i32.const 3)))
          (i32.const 0))`,
    });
    const h = booted('envoy', m);
    const s = h.newHttpStream();
    const r = s.sendRequestHeaders(GET, true);
    expect(r.calls.map((c) => c.export)).toEqual(['proxy_on_request_headers']);
    expect(s.upstream.headers).toContainEqual(['x-wasm', 'yes']);
    expect(s.state.request.iteration).toBe('flowing');
    s.sendResponseHeaders([[':status', '200']], true);
    expect(s.downstream.status).toBe(200);
    expect(s.state.done).toBe(true);
    expect(h.formatTrace()).toContain('[vm->host] env.proxy_add_header_map_value(0, 1024, 6, 1040, 3)');
  });
});
