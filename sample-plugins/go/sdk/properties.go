package sdk

import (
	"runtime"

	"wasmverify.dev/samples/sdk/codec"
)

// GetProperty reads a host property by path segments, e.g. GetProperty("request", "path").
// Values are binary: integers 8-byte little-endian, strings raw (reference §9).
func GetProperty(path ...string) ([]byte, error) {
	p := codec.EncodePropertyPath(path...)
	retPtr, retSize := new(uint32), new(uint32)
	err := result(proxy_get_property(bytesPtr(p), uint32(len(p)), retPtr, retSize))
	runtime.KeepAlive(p)
	if err != nil {
		return nil, err
	}
	return claim(*retPtr, *retSize), nil
}

// SetProperty writes a property (Envoy stores it as filter state wasm.<path>).
func SetProperty(path []string, value []byte) error {
	p := codec.EncodePropertyPath(path...)
	err := result(proxy_set_property(bytesPtr(p), uint32(len(p)), bytesPtr(value), uint32(len(value))))
	runtime.KeepAlive(p)
	runtime.KeepAlive(value)
	return err
}
