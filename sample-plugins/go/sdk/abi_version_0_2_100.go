//go:build proxy_wasm_version_0_2_100

package sdk

// The ABI marker with the Higress tag: 0.2.100, known only to Higress' host fork, which then
// passes StopIteration from headers through (body callbacks keep coming). Upstream Envoy
// rejects the module: "Missing or unknown Proxy-Wasm ABI version".
//
//go:wasmexport proxy_abi_version_0_2_100
func proxyAbiVersion0_2_100() {}
