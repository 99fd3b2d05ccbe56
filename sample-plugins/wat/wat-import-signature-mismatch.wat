;; wat-import-signature-mismatch: imports env.proxy_log as (i32 i32) -> i32; the host registers it
;; as (i32 i32 i32) -> i32. Linking fails with "Failed to load Wasm module due to an import type
;; mismatch: env.proxy_log, want: i32 i32 -> i32, but host exports: i32 i32 i32 -> i32".
;; Expected: fail on every host with WV2002 (import-signature-mismatch), before any traffic.
(module
  (import "env" "proxy_log" (func $proxy_log (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "hello")
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
  (func (export "proxy_on_request_headers") (param $ctx i32) (param $headers i32) (param $eos i32) (result i32)
    (drop (call $proxy_log (i32.const 1024) (i32.const 5)))
    (i32.const 0)))
