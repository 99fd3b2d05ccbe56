/** WAT bodies of the driver-test plugins, one behaviour each (see wat.ts for the skeleton). */
import { IMPORTS, pairsData, type PluginSpec } from './wat.js';

const PANIC = 'panic: boom in headers\n\ngoroutine 1 [running]:\n';
const AUTH_CALL = pairsData([[':method', 'GET'], [':path', '/check'], [':authority', 'auth']]);

export const PLUGINS = {
  /** Adds x-wv: 1 to the request and continues. */
  forward: {
    imports: IMPORTS.addHeader,
    data: '(data (i32.const 1024) "x-wv") (data (i32.const 1032) "1")',
    body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
      (drop (call $add (i32.const 0) (i32.const 1024) (i32.const 4) (i32.const 1032) (i32.const 1))) (i32.const 0))`,
  },
  /** StopIteration from request headers when a body follows; Continue from the body at end_of_stream. */
  pauseForBody: (abi: string): PluginSpec => ({
    abi,
    imports: IMPORTS.addHeader,
    data: '(data (i32.const 1024) "x-body-seen") (data (i32.const 1040) "1")',
    body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
        (select (i32.const 0) (i32.const 1) (local.get 2)))
      (func (export "proxy_on_request_body") (param i32 i32 i32) (result i32)
        (if (i32.eqz (local.get 2)) (then (return (i32.const 1))))
        (drop (call $add (i32.const 0) (i32.const 1024) (i32.const 11) (i32.const 1040) (i32.const 1)))
        (i32.const 0))`,
  }),
  /** StopIteration from request headers always (even with end_of_stream), Continue from the body. */
  pauseAlways: {
    abi: '0_2_100',
    body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) (i32.const 1))
      (func (export "proxy_on_request_body") (param i32 i32 i32) (result i32)
        (select (i32.const 0) (i32.const 1) (local.get 2)))`,
  },
  /** 401 local reply from request headers. */
  deny: {
    imports: IMPORTS.localReply,
    data: '(data (i32.const 1024) "denied") (data (i32.const 1040) "no\\n")',
    body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
      (drop (call $reply (i32.const 401) (i32.const 1024) (i32.const 6) (i32.const 1040) (i32.const 3) (i32.const 0) (i32.const 0) (i32.const -1)))
      (i32.const 1))`,
  },
  /** Local reply from request headers and again from response headers (Envoy 1.27 refuses the second). */
  twoReplies: {
    imports: IMPORTS.localReply,
    data: '(data (i32.const 1024) "denied")',
    body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
        (drop (call $reply (i32.const 403) (i32.const 1024) (i32.const 6) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const -1)))
        (i32.const 1))
      (func (export "proxy_on_response_headers") (param i32 i32 i32) (result i32)
        (drop (call $reply (i32.const 500) (i32.const 1024) (i32.const 6) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const -1)))
        (i32.const 0))`,
  },
  /** HTTP call to cluster "auth" from request headers; resumes the stream in the callout callback when `resume`. */
  callout: (resume: boolean, timeoutMs = 1000): PluginSpec => ({
    imports: [IMPORTS.httpCall, IMPORTS.effective, IMPORTS.continueStream].join('\n'),
    data: `(data (i32.const 1024) "auth") (data (i32.const 1100) "${AUTH_CALL.text}") (global $stream (mut i32) (i32.const 0))`,
    body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
        (global.set $stream (local.get 0))
        (drop (call $http (i32.const 1024) (i32.const 4) (i32.const 1100) (i32.const ${AUTH_CALL.size}) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const ${timeoutMs}) (i32.const 2000)))
        (i32.const 1))
      (func (export "proxy_on_http_call_response") (param i32 i32 i32 i32 i32)
        ${resume ? '(drop (call $effective (global.get $stream))) (drop (call $continue (i32.const 0)))' : ''})`,
  }),
  /** HTTP call to "auth" from request headers, and another from every answer: callout ping-pong. */
  calloutPingPong: {
    imports: IMPORTS.httpCall,
    data: `(data (i32.const 1024) "auth") (data (i32.const 1100) "${AUTH_CALL.text}")`,
    body: `(func $call (drop (call $http (i32.const 1024) (i32.const 4) (i32.const 1100) (i32.const ${AUTH_CALL.size}) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 1000) (i32.const 2000))))
      (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) (call $call) (i32.const 1))
      (func (export "proxy_on_http_call_response") (param i32 i32 i32 i32 i32) (call $call))`,
  },
  /** Sets a 100 ms timer from request headers and resumes the stream on the first tick. */
  tick: {
    imports: [IMPORTS.tick, IMPORTS.effective, IMPORTS.continueStream].join('\n'),
    data: '(global $stream (mut i32) (i32.const 0))',
    body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
        (global.set $stream (local.get 0))
        (drop (call $tick (i32.const 100)))
        (i32.const 1))
      (func (export "proxy_on_tick") (param i32)
        (drop (call $tick (i32.const 0)))
        (drop (call $effective (global.get $stream)))
        (drop (call $continue (i32.const 0))))`,
  },
  /** A timer that ticks forever without resuming the stopped stream. */
  tickNoResume: {
    imports: IMPORTS.tick,
    body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
        (drop (call $tick (i32.const 1000)))
        (i32.const 1))
      (func (export "proxy_on_tick") (param i32))`,
  },
  /** Infinite loop in the request body callback. */
  busyBody: {
    body: `(func (export "proxy_on_request_body") (param i32 i32 i32) (result i32)
      (loop $forever (br $forever)) (i32.const 0))`,
  },
  /** Reads :path in an endless loop: every read returns data, so the host calls malloc re-entrantly. */
  loopOnHostcall: {
    imports: IMPORTS.getHeader,
    data: '(data (i32.const 1024) ":path")',
    body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
      (loop $l (drop (call $get (i32.const 0) (i32.const 1024) (i32.const 5) (i32.const 1040) (i32.const 1044))) (br $l))
      (i32.const 0))`,
  },
  /** Reads :path 100 times from request headers, then continues: 100 re-entrant malloc calls. */
  readHeader100: {
    imports: IMPORTS.getHeader,
    data: '(data (i32.const 1024) ":path")',
    body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) (local $i i32)
      (loop $l (drop (call $get (i32.const 0) (i32.const 1024) (i32.const 5) (i32.const 1040) (i32.const 1044)))
        (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 100))))
      (i32.const 0))`,
  },
  /** Grows memory 64 MiB at a time until memory.grow fails, logs once, then spins (retrying as a runtime would). */
  growThenSpin: {
    imports: IMPORTS.log,
    data: '(data (i32.const 1024) "out of memory")',
    body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
      (block $done (loop $grow (br_if $done (i32.eq (memory.grow (i32.const 1024)) (i32.const -1))) (br $grow)))
      (drop (call $log (i32.const 4) (i32.const 1024) (i32.const 13)))
      (loop $spin (br $spin))
      (i32.const 0))`,
  },
  /** _initialize grows one page at a time until memory.grow fails (16384 grows: seconds on V8), then returns. */
  initGrowPages: {
    body: `(func (export "_initialize")
      (loop $l (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1)))))`,
  },
  /** _initialize grows 16 pages at a time until memory.grow fails, then traps. */
  initGrowTrap: {
    body: `(func (export "_initialize")
      (loop $l (br_if $l (i32.ne (memory.grow (i32.const 16)) (i32.const -1)))) unreachable)`,
  },
  /** unreachable in request headers. */
  trap: {
    body: `(func $fail (unreachable))
      (func $on_request_headers (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) (call $fail) (i32.const 0))`,
  },
  /** Prints a Go-style panic to stderr, then traps. */
  panic: {
    imports: IMPORTS.fdWrite,
    data: `(data (i32.const 1024) "${PANIC.replace(/\n/g, '\\n')}") (data (i32.const 1100) "\\00\\04\\00\\00\\${PANIC.length.toString(16).padStart(2, '0')}\\00\\00\\00")`,
    body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
      (drop (call $fd_write (i32.const 2) (i32.const 1100) (i32.const 1) (i32.const 1200)))
      unreachable)`,
  },
  configureFalse: {
    noRoot: true,
    body: `(func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
      (func (export "proxy_on_configure") (param i32 i32) (result i32) (i32.const 0))`,
  },
  vmStartFalse: {
    noRoot: true,
    body: `(func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 0))
      (func (export "proxy_on_configure") (param i32 i32) (result i32) (i32.const 1))`,
  },
  restrictedInit: {
    imports: IMPORTS.tick,
    body: '(func (export "_initialize") (drop (call $tick (i32.const 10))))',
  },
  /** Grows memory 64 MiB at a time until memory.grow fails, then continues. */
  memoryBomb: {
    body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
      (block $done (loop $grow (br_if $done (i32.eq (memory.grow (i32.const 1024)) (i32.const -1))) (br $grow)))
      (i32.const 0))`,
  },
  /** Resets every request. */
  reset: {
    imports: IMPORTS.closeStream,
    body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
      (drop (call $close (i32.const 0))) (i32.const 1))`,
  },
} satisfies Record<string, PluginSpec | ((...a: never[]) => PluginSpec)>;
