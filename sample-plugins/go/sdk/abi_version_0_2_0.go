//go:build !proxy_wasm_version_0_2_100

package sdk

// The ABI marker. Hosts read only its name from the export section and never call it
// (bytecode_util.cc getAbiVersion). Without the Higress tag the module declares 0.2.0: loadable
// everywhere, but StopIteration from a headers callback becomes StopAllIterationAndWatermark.
//
//go:wasmexport proxy_abi_version_0_2_0
func proxyAbiVersion0_2_0() {}
