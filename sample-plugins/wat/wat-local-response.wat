;; wat-local-response: an auth-style filter that denies every request: proxy_on_request_headers calls
;; proxy_send_local_response(401, "wat_denied", "denied\n", [x-wat-denied: 1], grpc_status -1)
;; and returns StopIteration. Answering locally is a legitimate outcome, not a failure.
;; Expected: pass on every host; every scenario ends in local-response (401).
(module
  (import "env" "proxy_send_local_response"
    (func $proxy_send_local_response (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "wat_denied")
  (data (i32.const 1040) "denied\n")
  ;; Serialized header pairs: count 1; key length 12, value length 1; "x-wat-denied\00" "1\00".
  (data (i32.const 1056) "\01\00\00\00\0c\00\00\00\01\00\00\00x-wat-denied\001\00")
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
    (drop (call $proxy_send_local_response
      (i32.const 401) (i32.const 1024) (i32.const 10) (i32.const 1040) (i32.const 7)
      (i32.const 1056) (i32.const 27) (i32.const -1)))
    (i32.const 1)))
