/** A configurable WAT HTTP plugin: each callback body is a WAT sequence leaving an i32. */
import { Data, imports, LOG_I32, plugin } from './wat.js';

export interface StreamPluginSpec {
  readonly abi?: string;
  readonly data?: Data;
  readonly imports?: readonly string[];
  /** Callback bodies (params: $ctx $n $eos for headers/body, $ctx $n for trailers). */
  readonly reqHeaders?: string;
  readonly reqBody?: string;
  readonly reqTrailers?: string;
  readonly resHeaders?: string;
  readonly resBody?: string;
  readonly resTrailers?: string;
  /** Statements (no value). */
  readonly onLog?: string;
  readonly onDone?: string;
  readonly tick?: string;
  readonly vmStart?: string;
  readonly httpCallResponse?: string;
  readonly extra?: string;
}

const STD = ['proxy_log', 'proxy_set_tick_period_milliseconds', 'proxy_set_effective_context', 'proxy_continue_stream', 'proxy_get_header_map_value', 'proxy_get_buffer_bytes', 'proxy_set_buffer_bytes', 'proxy_send_local_response', 'proxy_add_header_map_value'];

export function streamPlugin(s: StreamPluginSpec = {}): Uint8Array {
  const abi = s.abi ?? '0_2_1';
  const v010 = abi === '0_1_0';
  const hdrParams = v010 ? '(param $ctx i32) (param $n i32) (result i32) (local $eos i32)' : '(param $ctx i32) (param $n i32) (param $eos i32) (result i32)';
  const names = [...new Set([...STD.filter((n) => n !== 'proxy_log' && !(v010 && n === 'proxy_continue_stream')), ...(s.imports ?? [])])];
  const cb = (name: string, params: string, body: string | undefined): string => (body === undefined ? '' : `(func (export "${name}") ${params} ${body})`);
  return plugin({
    abi,
    imports: imports(...names),
    body: `${s.data?.wat ?? ''}
      ${LOG_I32}
      ${cb('proxy_on_request_headers', hdrParams, s.reqHeaders)}
      ${cb('proxy_on_request_body', '(param $ctx i32) (param $n i32) (param $eos i32) (result i32)', s.reqBody)}
      ${cb('proxy_on_request_trailers', '(param $ctx i32) (param $n i32) (result i32)', s.reqTrailers)}
      ${cb('proxy_on_response_headers', hdrParams, s.resHeaders)}
      ${cb('proxy_on_response_body', '(param $ctx i32) (param $n i32) (param $eos i32) (result i32)', s.resBody)}
      ${cb('proxy_on_response_trailers', '(param $ctx i32) (param $n i32) (result i32)', s.resTrailers)}
      ${s.onLog === undefined ? '' : `(func (export "proxy_on_log") (param $ctx i32) ${s.onLog})`}
      ${s.onDone === undefined ? '' : `(func (export "proxy_on_done") (param $ctx i32) (result i32) ${s.onDone})`}
      ${s.tick === undefined ? '' : `(func (export "proxy_on_tick") (param $ctx i32) ${s.tick})`}
      ${s.vmStart === undefined ? '' : `(func (export "proxy_on_vm_start") (param $ctx i32) (param $n i32) (result i32) ${s.vmStart} (i32.const 1))`}
      ${s.httpCallResponse === undefined ? '' : `(func (export "proxy_on_http_call_response") (param $ctx i32) (param $token i32) (param $h i32) (param $b i32) (param $t i32) ${s.httpCallResponse})`}
      ${s.extra ?? ''}`,
  });
}

/** WAT: buffer until end of stream, then Continue. */
export const UNTIL_EOS = '(if (result i32) (local.get $eos) (then (i32.const 0)) (else (i32.const 1)))';
/** WAT statements: arm a 10 ms tick in proxy_on_vm_start. */
export const ARM_TICK = '(drop (call $proxy_set_tick_period_milliseconds (i32.const 10)))';
/** WAT statements for a tick: act for stream 2 and continue its request. */
export const RESUME_STREAM_2 = '(drop (call $proxy_set_effective_context (i32.const 2))) (drop (call $proxy_continue_stream (i32.const 0)))';
