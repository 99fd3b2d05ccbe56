// Package codec holds the byte formats a proxy-wasm plugin exchanges with its host, with no
// hostcalls, so it builds and tests on any GOOS (go test ./sdk/codec).
//
// Formats follow shared/reference/proxy-wasm-abi.md §8 (pairs, property paths) and the Redis
// protocol (RESP2) that Higress' proxy_redis_call forwards verbatim.
package codec
