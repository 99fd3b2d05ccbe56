package sdk

import (
	"runtime"

	"wasmverify.dev/samples/sdk/codec"
)

// Pair is one header entry (re-exported so plugins need not import codec).
type Pair = codec.Pair

// GetHeader returns the first value of key in map mt (NotFound when absent).
func GetHeader(mt MapType, key string) (string, error) {
	retPtr, retSize := new(uint32), new(uint32)
	err := result(proxy_get_header_map_value(uint32(mt), strPtr(key), uint32(len(key)), retPtr, retSize))
	runtime.KeepAlive(key)
	if err != nil {
		return "", err
	}
	return string(claim(*retPtr, *retSize)), nil
}

// GetHeaders returns all entries of map mt, in order (an empty map is an empty list).
func GetHeaders(mt MapType) ([]Pair, error) {
	retPtr, retSize := new(uint32), new(uint32)
	if err := result(proxy_get_header_map_pairs(uint32(mt), retPtr, retSize)); err != nil {
		return nil, err
	}
	return codec.DecodePairs(claim(*retPtr, *retSize))
}

// SetHeaders replaces the whole map mt with pairs.
func SetHeaders(mt MapType, pairs []Pair) error {
	b := codec.EncodePairs(pairs)
	err := result(proxy_set_header_map_pairs(uint32(mt), bytesPtr(b), uint32(len(b))))
	runtime.KeepAlive(b)
	return err
}

// AddHeader appends a value (keeping existing ones).
func AddHeader(mt MapType, key, value string) error {
	err := result(proxy_add_header_map_value(uint32(mt), strPtr(key), uint32(len(key)), strPtr(value), uint32(len(value))))
	runtime.KeepAlive(key)
	runtime.KeepAlive(value)
	return err
}

// ReplaceHeader sets key to value, replacing every existing value.
func ReplaceHeader(mt MapType, key, value string) error {
	err := result(proxy_replace_header_map_value(uint32(mt), strPtr(key), uint32(len(key)), strPtr(value), uint32(len(value))))
	runtime.KeepAlive(key)
	runtime.KeepAlive(value)
	return err
}

// RemoveHeader deletes every value of key (Ok even if absent).
func RemoveHeader(mt MapType, key string) error {
	err := result(proxy_remove_header_map_value(uint32(mt), strPtr(key), uint32(len(key))))
	runtime.KeepAlive(key)
	return err
}

// Named helpers, one per map a plugin usually touches.

func GetHttpRequestHeader(key string) (string, error) { return GetHeader(RequestHeaders, key) }
func GetHttpRequestHeaders() ([]Pair, error)          { return GetHeaders(RequestHeaders) }
func AddHttpRequestHeader(key, value string) error    { return AddHeader(RequestHeaders, key, value) }
func ReplaceHttpRequestHeader(key, value string) error {
	return ReplaceHeader(RequestHeaders, key, value)
}
func RemoveHttpRequestHeader(key string) error { return RemoveHeader(RequestHeaders, key) }

func GetHttpResponseHeader(key string) (string, error) { return GetHeader(ResponseHeaders, key) }
func GetHttpResponseHeaders() ([]Pair, error)          { return GetHeaders(ResponseHeaders) }
func AddHttpResponseHeader(key, value string) error    { return AddHeader(ResponseHeaders, key, value) }
func ReplaceHttpResponseHeader(key, value string) error {
	return ReplaceHeader(ResponseHeaders, key, value)
}
func RemoveHttpResponseHeader(key string) error { return RemoveHeader(ResponseHeaders, key) }

// GetHttpCallResponseHeader reads the callout response (map 6); valid only inside OnHttpCallResponse.
func GetHttpCallResponseHeader(key string) (string, error) {
	return GetHeader(HttpCallResponseHeaders, key)
}
