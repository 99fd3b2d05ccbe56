// Package sdk is wasm-verify's own minimal proxy-wasm SDK for Go 1.24 (GOOS=wasip1,
// -buildmode=c-shared), written only to build the sample plugins the verifier is tested on.
// It follows shared/reference/proxy-wasm-abi.md; signatures match host-shim/src/symbols.ts.
//
// Shape:
//   - hostcalls.go declares the env.proxy_* imports exactly as the host registers them.
//   - callbacks.go exports every proxy_on_* callback and dispatches it to per-context Go
//     objects: a RootContext per plugin (context created with parent 0) and an HttpContext per
//     stream, made by the root's NewHttpContext. Embed DefaultRootContext / DefaultHttpContext
//     and override only what a plugin needs.
//   - alloc.go exports proxy_on_memory_allocate.
//   - abi_version_*.go export the ABI marker, chosen by the Higress build tag
//     proxy_wasm_version_0_2_100 (without it: proxy_abi_version_0_2_0).
//   - codec/ holds the byte formats (pairs, property paths, RESP, SSE) with no hostcalls.
//
// Plugins register their root context from init() with SetNewRootContext; main() stays empty.
// Nothing here calls a hostcall from init(): during _initialize the host allows only proxy_log
// and a few WASI calls.
//
// Panics are never recovered: an unrecovered panic in a callback is the Go runtime's business
// (it prints "panic: ..." to stderr and the VM traps), which is exactly what the verifier must see.
package sdk
