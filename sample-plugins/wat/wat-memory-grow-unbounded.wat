;; wat-memory-grow-unbounded: proxy_on_request_headers grows linear memory by 64 MiB at a time until
;; memory.grow fails (a leak or a runaway buffer, squeezed into one callback), then logs the size it
;; reached and continues. Real hosts cap a VM at 1 GiB (16384 pages, V8 wasm_max_mem_pages), so
;; growth stops there: one such VM per worker holds 1 GiB for good.
;; Expected: fail on every host with WV3009 (memory-limit); the callback returns, requests forwarded.
(module
  (import "env" "proxy_log" (func $proxy_log (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "memory.grow failed; stopped growing")
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
    (block $full
      (loop $grow
        (br_if $full (i32.eq (memory.grow (i32.const 1024)) (i32.const -1)))
        (br $grow)))
    (drop (call $proxy_log (i32.const 3) (i32.const 1024) (i32.const 35)))
    (i32.const 0)))
