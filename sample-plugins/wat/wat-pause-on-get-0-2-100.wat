;; wat-pause-on-get-0-2-100: ABI 0.2.100, proxy_on_request_headers always returns StopIteration (1),
;; even when end_of_stream is already true; only the body callback (Continue at end_of_stream)
;; resumes. On Higress a POST passes, but a GET has no body: nothing ever resumes it and it hangs
;; until the stream idle timeout (the plugin should call proxy_continue_stream or return Continue).
;; Expected: envoy fail WV1002 (unknown-abi-version); higress and higress-2.0 fail WV3006
;; (stream-hang): http-get hangs, the three POSTs are forwarded.
(module
  (memory (export "memory") 1)
  (func (export "proxy_abi_version_0_2_100"))
  ;; Bump allocator: the host calls malloc to hand data to the plugin (never freed here).
  (global $heap (mut i32) (i32.const 4096))
  (func $malloc (export "malloc") (param $size i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (global.get $heap))
    (global.set $heap
      (i32.and (i32.add (i32.add (local.get $ptr) (local.get $size)) (i32.const 7)) (i32.const -8)))
    (block $fits
      (br_if $fits (i32.le_u (global.get $heap) (i32.shl (memory.size) (i32.const 16))))
      (br_if $fits (i32.ne (i32.const -1)
        (memory.grow (i32.add (i32.const 1)
          (i32.shr_u (i32.sub (global.get $heap) (i32.shl (memory.size) (i32.const 16))) (i32.const 16))))))
      unreachable)
    (local.get $ptr))
  (func (export "proxy_on_request_headers") (param $ctx i32) (param $headers i32) (param $eos i32) (result i32)
    (i32.const 1))
  (func (export "proxy_on_request_body") (param $ctx i32) (param $size i32) (param $eos i32) (result i32)
    (select (i32.const 0) (i32.const 1) (local.get $eos))))
