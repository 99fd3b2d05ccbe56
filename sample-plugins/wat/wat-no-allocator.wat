;; wat-no-allocator: exports neither malloc nor proxy_on_memory_allocate (e.g. C built without
;; -Wl,--export=malloc). The host fails the VM with "Wasm module is missing malloc function.".
;; Expected: fail on every host with WV1005 (missing-allocator), before any traffic.
(module
  (memory (export "memory") 1)
  (func (export "proxy_abi_version_0_2_1"))
  (func (export "proxy_on_request_headers") (param $ctx i32) (param $headers i32) (param $eos i32) (result i32)
    (i32.const 0)))
