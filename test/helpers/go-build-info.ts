/**
 * A module that carries Go build information the way the Go linker embeds it (the modinfo text
 * between its 16-byte sentinels, in the data section) plus a `go:buildid` custom section: for
 * tests of what a build with another SDK (the Higress SDK, wasm-go) looks like, without that SDK.
 */
import { wat } from './wasm.js';

const START = '3077af0c9274080241e1c107e6d618e6';
const END = 'f932433186182072008242104116d8f2';

const hex = (b: Uint8Array): string => [...b].map((x) => `\\${x.toString(16).padStart(2, '0')}`).join('');

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** `modinfo` lines (tab-separated, as `go version -m` prints them) inside a module exporting `marker`. */
export async function goModule(modinfo: string, marker = 'proxy_abi_version_0_2_0'): Promise<Uint8Array> {
  const info = new Uint8Array([...Buffer.from(START, 'hex'), ...Buffer.from(modinfo), ...Buffer.from(END, 'hex')]);
  const body = await wat(`(module
    (memory (export "memory") 1)
    (data (i32.const 4096) "${hex(info)}")
    (func (export "${marker}"))
    (func (export "_initialize"))
    (func (export "proxy_on_memory_allocate") (param i32) (result i32) i32.const 1024))`);
  const name = Buffer.from('go:buildid');
  const payload = [...leb(name.length), ...name, ...Buffer.from('x/y/z')];
  return new Uint8Array([...body, 0, ...leb(payload.length), ...payload]);
}

/** Build info of a Higress plugin from the wasm-go tree, built for TinyGo-era tags. */
export const HIGRESS_MODINFO = [
  'path\tgithub.com/alibaba/higress/plugins/wasm-go/extensions/key-auth',
  'mod\tgithub.com/alibaba/higress/plugins/wasm-go/extensions/key-auth\t(devel)\t',
  'dep\tgithub.com/google/uuid\tv1.6.0\th1:x=',
  'dep\tgithub.com/higress-group/proxy-wasm-go-sdk\tv0.0.0-20241218212251-fc1912e5a0b2\th1:y=',
  'dep\tgithub.com/higress-group/wasm-go\tv1.0.1\th1:z=',
  '=>\t../../wasm-go\t(devel)\t',
  'build\t-buildmode=c-shared',
  'build\t-tags=foo',
  'build\tGOOS=wasip1',
  '',
].join('\n');
