;; wat-pause-for-body-0-2-0: the minimal "pause for the body" filter. proxy_on_request_headers returns
;; StopIteration (1) when a body follows; proxy_on_request_body returns StopIterationAndBuffer (1)
;; until end_of_stream, then adds `x-wat-body-seen: 1` to the (held) request headers and returns
;; Continue (0), which resumes the request.
;; ABI 0.2.0: every host converts that 1 into StopAllIterationAndWatermark, so the body callback
;; never runs and every request with a body hangs (the founding bug, higress#1847); GET passes.
;; Expected: fail on every host with WV3006 (stream-hang): http-get forwarded, the three POSTs hang.
(module
  (import "env" "proxy_add_header_map_value" (func $proxy_add_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "x-wat-body-seen")
  (data (i32.const 1040) "1")
  (func (export "proxy_abi_version_0_2_0"))
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
    (select (i32.const 0) (i32.const 1) (local.get $eos)))
  (func (export "proxy_on_request_body") (param $ctx i32) (param $size i32) (param $eos i32) (result i32)
    (if (i32.eqz (local.get $eos)) (then (return (i32.const 1))))
    (drop (call $proxy_add_header_map_value (i32.const 0) (i32.const 1024) (i32.const 15) (i32.const 1040) (i32.const 1)))
    (i32.const 0)))
