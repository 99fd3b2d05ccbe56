import { createHost } from 'proxy-wasm-host-mock';
import type { TraceRecord } from 'proxy-wasm-host-mock';
import { describe, expect, test } from 'vitest';
import { wat } from '../helpers/wasm.js';
import { createProgressBuffer, ProgressReader, ProgressWriter } from '../../src/run/progress.js';

function rec(r: Partial<TraceRecord> & Pick<TraceRecord, 'dir' | 'kind' | 'callee' | 'text'>): TraceRecord {
  return { args: undefined, result: undefined, note: undefined, ...r };
}

describe('progress ring', () => {
  test('a trace event written from its parts gives the same line as its text', () => {
    const events: TraceRecord[] = [
      rec({ dir: 'vm->host', kind: 'call', callee: 'env.proxy_log', args: [2, 1048576, 0, 4294967295], text: 'env.proxy_log(2, 1048576, 0, 4294967295)' }),
      rec({ dir: 'vm->host', kind: 'call', callee: 'env.proxy_done', args: [], text: 'env.proxy_done()' }),
      rec({ dir: 'vm->host', kind: 'call', callee: 'wasi.clock_time_get', args: [1, 10n, 99], text: 'wasi.clock_time_get(1, 10, 99)' }),
      rec({ dir: 'vm<-host', kind: 'return', callee: 'env.proxy_log', result: 0, note: 'info "héllo ✓"', text: 'env.proxy_log return: 0 (info "héllo ✓")' }),
      rec({ dir: 'vm<-host', kind: 'return', callee: 'env.proxy_log', result: 12, note: 'x'.repeat(600), text: `env.proxy_log return: 12 (${'x'.repeat(600)})` }),
      rec({ dir: 'host<-vm', kind: 'return', callee: 'proxy_on_request_headers', result: 1, text: 'proxy_on_request_headers return: 1' }),
      rec({ dir: 'host<-vm', kind: 'return', callee: 'proxy_on_log', result: undefined, text: 'proxy_on_log return: void' }),
      rec({ dir: 'host<-vm', kind: 'text', callee: 'proxy_on_tick failed: unreachable', text: 'proxy_on_tick failed: unreachable' }),
    ];
    const a = createProgressBuffer();
    const b = createProgressBuffer();
    const fromParts = new ProgressWriter(a);
    const fromText = new ProgressWriter(b);
    for (let i = 0; i < 400; i++) {
      for (const e of events) {
        fromParts.record(e);
        fromText.trace(`[${e.dir}] ${e.text}`);
      }
    }
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const tail = new ProgressReader(a).traceTail(3);
    expect(tail).toEqual(['[host<-vm] proxy_on_request_headers return: 1', '[host<-vm] proxy_on_log return: void', '[host<-vm] proxy_on_tick failed: unreachable']);
  });

  test("the host's trace events format to cpp-host's lines when read", async () => {
    const seen: TraceRecord[] = [];
    const bytes = await wat(`(module
      (import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 8) "hi")
      (func (export "proxy_abi_version_0_2_1"))
      (func (export "malloc") (param i32) (result i32) (i32.const 64))
      (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (drop (call $log (i32.const 2) (i32.const 8) (i32.const 2))) (i32.const 1))
      (func (export "proxy_on_configure") (param i32 i32) (result i32) (i32.const 1))
      (func (export "proxy_on_context_create") (param i32 i32)))`);
    const host = createHost('envoy', { module: new WebAssembly.Module(bytes), onTrace: (e) => void seen.push(e) });
    host.boot();
    const log = seen.findIndex((e) => e.kind === 'call' && e.callee === 'env.proxy_log');
    expect(seen[log]?.text).toBe('env.proxy_log(2, 8, 2)');
    expect(seen[log + 1]?.text).toBe('env.proxy_log return: 0 (info "hi")');
    expect(host.traceTail(2).map((e) => `[${e.dir}] ${e.text}`)).toEqual(host.formatTrace(2).split('\n'));
  });

  test('the supervisor reads the step and callback last entered, whatever was written before', () => {
    const buffer = createProgressBuffer();
    const w = new ProgressWriter(buffer);
    const r = new ProgressReader(buffer);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      for (const [index, scenario] of [[0, 'a'], [1, 'b']] as const) {
        w.enter({ scenarioIndex: index, scenario, step: 'request headers', callback: 'proxy_on_request_headers' });
        seen.push(JSON.stringify(r.current()));
        w.callback('malloc');
        w.callback('proxy_on_request_headers');
        seen.push(JSON.stringify(r.current()));
        w.enter({ scenarioIndex: index, scenario, step: 'end of stream' });
        seen.push(JSON.stringify(r.current()));
        w.callback('proxy_on_log');
        seen.push(JSON.stringify(r.current()));
      }
    }
    const round = [
      '{"scenarioIndex":0,"scenario":"a","step":"request headers","callback":"proxy_on_request_headers"}',
      '{"scenarioIndex":0,"scenario":"a","step":"request headers","callback":"proxy_on_request_headers"}',
      '{"scenarioIndex":0,"scenario":"a","step":"end of stream","callback":""}',
      '{"scenarioIndex":0,"scenario":"a","step":"end of stream","callback":"proxy_on_log"}',
      '{"scenarioIndex":1,"scenario":"b","step":"request headers","callback":"proxy_on_request_headers"}',
      '{"scenarioIndex":1,"scenario":"b","step":"request headers","callback":"proxy_on_request_headers"}',
      '{"scenarioIndex":1,"scenario":"b","step":"end of stream","callback":""}',
      '{"scenarioIndex":1,"scenario":"b","step":"end of stream","callback":"proxy_on_log"}',
    ];
    expect(seen).toEqual([...round, ...round, ...round]);
  });
});
