;; wat-huge-log: logs one line of 16 MiB + 1 byte ('x' * 16777217) at info level from
;; proxy_on_configure and from every request/response callback. A real gateway writes it to its
;; log and goes on; a verifier must not stall or run out of memory on it (it should truncate).
;; Expected: pass on every host; every scenario forwarded.
(module
  (import "env" "proxy_log" (func $proxy_log (param i32 i32 i32) (result i32)))
  ;; 18 MiB: the line lives at [1 MiB, 17 MiB + 1).
  (memory (export "memory") 288)
  (global $filled (mut i32) (i32.const 0))
  (func (export "proxy_abi_version_0_2_1"))
  ;; Bump allocator above the line.
  (global $heap (mut i32) (i32.const 0x1110000))
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
  (func $log_huge
    (local $p i32)
    (if (i32.eqz (global.get $filled))
      (then
        (local.set $p (i32.const 0x100000))
        (loop $fill
          (i64.store (local.get $p) (i64.const 0x7878787878787878))
          (local.set $p (i32.add (local.get $p) (i32.const 8)))
          (br_if $fill (i32.lt_u (local.get $p) (i32.const 0x1100008))))
        (global.set $filled (i32.const 1))))
    (drop (call $proxy_log (i32.const 2) (i32.const 0x100000) (i32.const 0x1000001))))
  (func (export "proxy_on_configure") (param $root i32) (param $size i32) (result i32)
    (call $log_huge)
    (i32.const 1))
  (func (export "proxy_on_request_headers") (param $ctx i32) (param $headers i32) (param $eos i32) (result i32)
    (call $log_huge)
    (i32.const 0))
  (func (export "proxy_on_request_body") (param $ctx i32) (param $size i32) (param $eos i32) (result i32)
    (call $log_huge)
    (i32.const 0))
  (func (export "proxy_on_response_headers") (param $ctx i32) (param $headers i32) (param $eos i32) (result i32)
    (call $log_huge)
    (i32.const 0))
  (func (export "proxy_on_response_body") (param $ctx i32) (param $size i32) (param $eos i32) (result i32)
    (call $log_huge)
    (i32.const 0)))
