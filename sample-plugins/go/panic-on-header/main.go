// panic-on-header: panics, unrecovered, when a request carries the header x-panic (its value
// goes into the panic message). Otherwise it continues. Our SDK never recovers, so the Go
// runtime prints "panic: ..." and a goroutine trace to stderr (fd_write on fd 2, which the host
// logs at error), calls proc_exit(2) and, since the host's proc_exit returns, ends in a wasm
// trap: what a verifier must report as a trap with the panic text. No configuration.
package main

import "wasmverify.dev/samples/sdk"

func main() {}

func init() {
	sdk.SetNewRootContext(func(uint32) sdk.RootContext { return root{} })
}

type root struct{ sdk.DefaultRootContext }

func (root) NewHttpContext(uint32) sdk.HttpContext { return stream{} }

type stream struct{ sdk.DefaultHttpContext }

func (stream) OnRequestHeaders(int, bool) sdk.Action {
	if v, err := sdk.GetHttpRequestHeader("x-panic"); err == nil {
		panic("panic-on-header: request carried x-panic: " + v)
	}
	return sdk.Continue
}
