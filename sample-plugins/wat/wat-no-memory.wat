;; wat-no-memory: defines no memory at all (neither exported nor imported), so no hostcall can
;; read or write plugin data; the host has no error message for it (every memory access asserts).
;; Its malloc can only answer 0.
;; Expected: WV1004 (missing-memory) is a warning: the gateway loads it, and since it makes no
;; hostcall it never needs a memory, so every scenario passes.
(module
  (func (export "proxy_abi_version_0_2_1"))
  (func (export "malloc") (param $size i32) (result i32)
    (i32.const 0))
  (func (export "proxy_on_request_headers") (param $ctx i32) (param $headers i32) (param $eos i32) (result i32)
    (i32.const 0)))
