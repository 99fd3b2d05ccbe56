/** The README example, verbatim in spirit: load a compiled plugin and assert on a header it adds. */
import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { createHost } from 'proxy-wasm-host-mock';

const file = new URL('../../sample-plugins/build/go-header-rewrite.wasm', import.meta.url);

test.skipIf(!existsSync(file))('adds x-a to the request and x-rewritten to the response', () => {
  const host = createHost('higress', {
    module: readFileSync(file),
    pluginConfiguration: { add: { 'x-a': '1' }, response: { add: { 'x-rewritten': '1' } } },
  });
  expect(host.boot().ok).toBe(true);

  const s = host.newHttpStream();
  s.sendRequestHeaders([[':method', 'GET'], [':path', '/'], [':authority', 'example.com']], true);
  expect(s.state.request.iteration).toBe('flowing');
  expect(s.upstream.headers).toContainEqual(['x-a', '1']);

  s.sendResponseHeaders([[':status', '200']], true);
  expect(s.downstream.status).toBe(200);
  expect(s.downstream.headers).toContainEqual(['x-rewritten', '1']);
  expect(host.failure).toBeUndefined();
});
