;; wat-no-memory-log: like wat-no-memory (no memory at all), but proxy_on_request_headers logs,
;; and proxy_log must read the message from plugin memory. The gateway loads the module; the
;; first such hostcall fails the VM (cpp-host V8::getMemory assumes a memory), so every request
;; gets 503 from then on.
;; Expected: WV1004 (a warning), then a trap (WV3005) in proxy_on_request_headers in every scenario.
(module
  (import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))
  (func (export "proxy_abi_version_0_2_1"))
  (func (export "malloc") (param $size i32) (result i32)
    (i32.const 0))
  (func (export "proxy_on_request_headers") (param $ctx i32) (param $headers i32) (param $eos i32) (result i32)
    (drop (call $log (i32.const 2) (i32.const 0) (i32.const 5)))
    (i32.const 0)))
