/** `wasm-verify hosts`: every table once, every release under its table, JSON as documented. */
import { describe, expect, test } from 'vitest';
import { HOST_IDS, RELEASES } from 'proxy-wasm-host-mock/profiles';
import { formatHosts, hostListing } from '../../src/hosts/list.js';

describe('hosts listing', () => {
  test('every table with its pinned commit, every release with its date', () => {
    const list = hostListing();
    expect(list.map((h) => h.id)).toEqual([...HOST_IDS]);
    expect(list.flatMap((h) => h.releases)).toHaveLength(RELEASES.length);
    const t = list.find((h) => h.id === 'envoy-1.32.0')!;
    expect(t.hostCommit).toEqual({ repo: 'proxy-wasm/proxy-wasm-cpp-host', commit: 'f199214', date: '2024-08-19' });
    expect(t.releases.map((r) => [r.name, r.covers])).toEqual([['envoy@1.32.0', '1.32.0 – 1.32.12'], ['istio@1.24', '1.24.x']]);
    for (const h of list) for (const r of h.releases) expect(r.released).toMatch(/^\d{4}(-\d{2}){0,2}$/);
  });

  test('JSON parses back to the listing; human has a line per table and per release', () => {
    expect(JSON.parse(formatHosts('json'))).toEqual({ hosts: JSON.parse(JSON.stringify(hostListing())) });
    const text = formatHosts('human');
    for (const id of HOST_IDS) expect(text).toMatch(new RegExp(`^${id.replace(/\./g, '\\.')}  `, 'm'));
    expect(text).toContain('Envoy 1.32.13+          2025-10-13  --host envoy@1.32.13');
  });
});
