;; wat-trap-in-request-headers: proxy_on_request_headers executes unreachable (what a Rust panic or
;; a failed assertion compiles to). The gateway logs "Function: proxy_on_request_headers failed:
;; Uncaught RuntimeError: unreachable", the VM is failed and (fail closed) every request on that
;; worker gets 503 wasm_fail_stream.
;; Expected: fail on every host with WV3005 (trap); every scenario traps.
(module
  (memory (export "memory") 1)
  (func (export "proxy_abi_version_0_2_1"))
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
  (func $check_headers (param $headers i32)
    unreachable)
  (func (export "proxy_on_request_headers") (param $ctx i32) (param $headers i32) (param $eos i32) (result i32)
    (call $check_headers (local.get $headers))
    (i32.const 0)))
