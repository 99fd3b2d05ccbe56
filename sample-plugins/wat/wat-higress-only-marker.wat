;; wat-higress-only-marker: exports only proxy_abi_version_0_2_100, the marker of the Higress fork
;; (every Go 1.24 Higress plugin has it). Upstream Envoy/Istio know 0.1.0/0.2.0/0.2.1 only and log
;; "Missing or unknown Proxy-Wasm ABI version".
;; Expected: envoy fail WV1002 (unknown-abi-version); higress and higress-2.0 pass, forwarded.
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
    (i32.const 0)))
