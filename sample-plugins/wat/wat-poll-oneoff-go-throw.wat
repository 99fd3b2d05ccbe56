;; wat-poll-oneoff-go-throw: does what Go's wasip1 runtime does when its scheduler idles (GC,
;; timers): calls wasi_snapshot_preview1.poll_oneoff to sleep, and throws when the answer is not 0
;; (runtime/netpoll_wasip1.go: throw("poll_oneoff failed"), golang/go#78513): prints the fatal
;; error to stderr and traps. Here it happens in every proxy_on_request_headers, so one request shows
;; what a Go plugin meets only in a long run.
;; Hosts: poll_oneoff is missing before proxy-wasm-cpp-host c4d7bb0 (Envoy < 1.32.13, Higress 2.0.0-2.0.6:
;; WV2001), answers 52 from c4d7bb0 to 94091cd (Envoy 1.32.13-1.38, Higress 2.0.7: trap, WV3024) and
;; 0 with no events after (Envoy main, Higress 2.1+: forwarded).
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; One relative clock subscription (48 bytes at 256): userdata 0, tag 0 (clock), id 1 (monotonic), timeout 1 ms.
  (data (i32.const 264) "\00")
  (data (i32.const 272) "\01\00\00\00")
  (data (i32.const 280) "\40\42\0f\00\00\00\00\00")
  ;; iovec at 512 -> the message at 1024.
  (data (i32.const 512) "\00\04\00\00\20\00\00\00")
  (data (i32.const 1024) "fatal error: poll_oneoff failed\0a")
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
    ;; poll_oneoff(in=256, out=384, nsubscriptions=1, nevents=448)
    (if (i32.ne (call $poll_oneoff (i32.const 256) (i32.const 384) (i32.const 1) (i32.const 448)) (i32.const 0))
      (then
        (drop (call $fd_write (i32.const 2) (i32.const 512) (i32.const 1) (i32.const 600)))
        unreachable))
    (i32.const 0)))
