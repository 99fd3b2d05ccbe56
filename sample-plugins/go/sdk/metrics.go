package sdk

import "runtime"

// Counter is a host metric id (the host encodes the type in its low 2 bits).
type Counter uint32

// DefineCounter registers a counter (Envoy prefixes the name with "wasmcustom."). Not allowed
// during _initialize: call it from OnConfigure.
func DefineCounter(name string) (Counter, error) {
	id := new(uint32)
	err := result(proxy_define_metric(0, strPtr(name), uint32(len(name)), id))
	runtime.KeepAlive(name)
	return Counter(*id), err
}

// Increment adds n (> 0; the host refuses 0 or negative offsets for counters).
func (c Counter) Increment(n int64) error {
	return result(proxy_increment_metric(uint32(c), n))
}
