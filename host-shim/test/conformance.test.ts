/**
 * Every function every profile registers, for every ABI it accepts, is provided with exactly the
 * profile's signature: a module importing all of them links and can call each one (zero
 * arguments, so every pointer is 0) without a host exception; a module importing any of them with
 * another signature fails with the host's type-mismatch text; an unregistered one is missing.
 */
import { describe, expect, test } from 'vitest';
import { HOST_IDS, PROFILES, registeredImports, type RegisteredImport, type Signature } from 'proxy-wasm-host-mock';
import { booted, host, wat } from './wat.js';

function sigWat(s: Signature): string {
  const p = s.params.length === 0 ? '' : ` (param ${s.params.join(' ')})`;
  const r = s.results.length === 0 ? '' : ` (result ${s.results.join(' ')})`;
  return p + r;
}

function zeroCall(f: RegisteredImport, i: number, override?: { index: number; signature: Signature }): string {
  const sig = override?.index === i ? override.signature : f.signature;
  const args = sig.params.map((t) => `(${t}.const 0)`).join(' ');
  const call = `(call $f${i} ${args})`;
  return sig.results.length === 0 ? call : `(drop ${call})`;
}

function moduleImportingAll(abi: string, list: RegisteredImport[], override?: { index: number; signature: Signature }): Uint8Array {
  const imps = list
    .map((f, i) => `(import "${f.module}" "${f.name}" (func $f${i}${sigWat(override?.index === i ? override.signature : f.signature)}))`)
    .join('\n');
  // Calls run from proxy_on_tick (outside the start restriction); the VM context allocator exists.
  const calls = list.map((f, i) => zeroCall(f, i, override)).join('\n');
  const tick = list.findIndex((f) => f.name === 'proxy_set_tick_period_milliseconds');
  return wat(`(module ${imps}
    (memory (export "memory") 2)
    (global $heap (mut i32) (i32.const 65536))
    (func (export "malloc") (param $n i32) (result i32)
      (local $p i32) (local.set $p (global.get $heap))
      (global.set $heap (i32.add (global.get $heap) (i32.const 64))) (local.get $p))
    (func (export "proxy_abi_version_${abi.replace(/\./g, '_')}"))
    ${override === undefined ? `(func (export "proxy_on_vm_start") (param i32 i32) (result i32) (drop (call $f${tick} (i32.const 1))) (i32.const 1))` : ''}
    (func (export "proxy_on_tick") (param i32) ${calls}))`);
}

/**
 * One table per distinct set of registered imports: tables that register the same functions
 * (several Envoy releases) are the same to the linker, and host-shim/test/facts.test.ts checks
 * each table's list against its source commit.
 */
function distinctTables(): (typeof HOST_IDS)[number][] {
  const seen = new Set<string>();
  return HOST_IDS.filter((id) => {
    const p = PROFILES[id];
    const key = JSON.stringify(p.abiVersions.map((abi) => [...registeredImports(p, abi).entries()].map(([k, r]) => [k, r.signature])));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

describe('conformance: registeredImports(profile, abi) is exactly what the host links', () => {
  for (const id of distinctTables()) {
    const profile = PROFILES[id];
    for (const abi of profile.abiVersions) {
      const list = [...registeredImports(profile, abi).values()];

      test(`${id} × ${abi}: all ${list.length} imports link, are callable with zero arguments and return their type`, () => {
        const h = booted(id, moduleImportingAll(abi, list));
        const out = h.advanceTime(1);
        expect(out.calls.map((c) => c.export)).toEqual(['proxy_on_tick']);
        expect(out.trapped, h.failure?.message).toBe(false);
        const called = new Set(h.trace.filter((e) => e.dir === 'vm<-host').map((e) => e.text.split(' ')[0]));
        for (const f of list) expect(called, `${f.module}.${f.name}`).toContain(`${f.module}.${f.name}`);
        for (const e of h.trace.filter((x) => x.dir === 'vm<-host')) {
          const imp = list.find((f) => e.text.startsWith(`${f.module}.${f.name} `));
          if (imp === undefined) continue;
          if (imp.signature.results.length === 0) expect(e.text).toMatch(/return: void$/);
          else expect(e.text).toMatch(/return: \d+( \((trace|debug|info|warn|error|critical) ".*"\))?$/);
        }
      });

      test(`${id} × ${abi}: any other signature is a type mismatch with the host's text`, () => {
        for (let i = 0; i < list.length; i++) {
          const f = list[i] as RegisteredImport;
          const wrong: Signature = { params: [...f.signature.params, 'i32'], results: f.signature.results };
          const r = host(id, moduleImportingAll(abi, list, { index: i, signature: wrong })).link();
          expect(r.ok).toBe(false);
          expect(r.message).toBe(
            `Failed to load Wasm module due to an import type mismatch: ${f.module}.${f.name}, want: ${[...wrong.params].join(' ')} -> ${f.signature.results.join(' ') || 'void'}, but host exports: ${f.signature.params.join(' ') || 'void'} -> ${f.signature.results.join(' ') || 'void'}`,
          );
        }
      });
    }
  }

  test('an import the profile does not register for the ABI is a missing import', () => {
    const m = wat(`(module (import "env" "proxy_get_log_level" (func (param i32) (result i32)))
      (memory (export "memory") 1) (func (export "malloc") (param i32) (result i32) (i32.const 0))
      (func (export "proxy_abi_version_0_2_0")))`);
    for (const id of HOST_IDS) {
      expect(host(id, m).link()).toMatchObject({ ok: false, failState: 'UnableToInitializeCode', message: 'Failed to load Wasm module due to a missing import: env.proxy_get_log_level' });
    }
  });

  test('Higress-only hostcalls are missing on envoy, present on higress', () => {
    const m = wat(`(module (import "env" "proxy_redis_call" (func (param i32 i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1) (func (export "malloc") (param i32) (result i32) (i32.const 0))
      (func (export "proxy_abi_version_0_2_1")))`);
    expect(host('envoy', m).link().message).toBe('Failed to load Wasm module due to a missing import: env.proxy_redis_call');
    expect(host('higress', m).link().ok).toBe(true);
  });
});
