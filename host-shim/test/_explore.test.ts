import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'vitest';
import { createHost, HOST_IDS } from 'proxy-wasm-host-mock';

test('explore', () => {
  const dir = 'sample-plugins/build/';
  const exp = { ...JSON.parse(readFileSync('sample-plugins/expected/go.json', 'utf8')), ...JSON.parse(readFileSync('sample-plugins/expected/wat.json', 'utf8')), ...JSON.parse(readFileSync('sample-plugins/expected/c.json', 'utf8')), ...JSON.parse(readFileSync('sample-plugins/expected/assemblyscript.json', 'utf8')) };
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.wasm'))) {
    const name = f.replace('.wasm', '');
    const e = exp[name] ?? {};
    for (const id of HOST_IDS) {
      const h = createHost(id, { module: new Uint8Array(readFileSync(dir + f)), pluginConfiguration: e.config ?? undefined, rootId: e.rootId ?? undefined });
      const b = h.boot();
      const last = b.stages[b.stages.length - 1];
      let traffic = '';
      if (b.ok && !name.includes('busy')) {
        const s = h.newHttpStream();
        s.sendRequestHeaders([[':method', 'GET'], [':path', '/'], [':authority', 'a.com'], [':scheme', 'http']], true);
        traffic = `req=${s.state.request.iteration} up=${s.upstream.headers !== undefined} local=${s.state.localReply?.status ?? ''} fail=${h.failure?.trapMessage ?? ''}`;
      }
      console.log(`${name.padEnd(32)} ${id.padEnd(12)} ${b.ok ? 'ok' : `FAIL ${last?.stage}: ${last?.message?.split('\n')[0]}`} ${traffic} notes=${h.notes.map((n) => n.kind).join(',')} expect=${e.hosts?.[id]?.verdict}/${(e.hosts?.[id]?.rules ?? []).join(',')}`);
    }
  }
});
