;; wat-wasi-sched-yield: imports wasi_snapshot_preview1.sched_yield (libc and Go 1.24's runtime do).
;; Hosts added it in December 2024 (cpp-host c4d7bb0 / Higress fork 503d013); Higress 2.0.x gateways
;; fail with "Failed to load Wasm module due to a missing import:
;; wasi_snapshot_preview1.sched_yield" (alibaba/higress issue 4233).
;; Expected: envoy and higress pass (forwarded); higress-2.0 fail WV2001 (missing-import).
(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
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
  (func (export "proxy_on_request_headers") (param $ctx i32) (param $headers i32) (param $eos i32) (result i32)
    (drop (call $sched_yield))
    (i32.const 0)))
