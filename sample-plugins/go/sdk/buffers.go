package sdk

import (
	"math"
	"runtime"
)

// GetBufferBytes reads up to maxSize bytes of buffer bt from start; the host clamps the range.
func GetBufferBytes(bt BufferType, start, maxSize int) ([]byte, error) {
	retPtr, retSize := new(uint32), new(uint32)
	if err := result(proxy_get_buffer_bytes(uint32(bt), uint32(start), uint32(maxSize), retPtr, retSize)); err != nil {
		return nil, err
	}
	return claim(*retPtr, *retSize), nil
}

// GetBufferSize is the current length of buffer bt (proxy_get_buffer_status; flags are always 0).
func GetBufferSize(bt BufferType) (int, error) {
	length, flags := new(uint32), new(uint32)
	if err := result(proxy_get_buffer_status(uint32(bt), length, flags)); err != nil {
		return 0, err
	}
	return int(*length), nil
}

// SetBufferBytes is proxy_set_buffer_bytes: with start 0 the host drains `length` bytes from the
// front and prepends data, so (0, current length) replaces the buffer; start ≥ length appends.
func SetBufferBytes(bt BufferType, start, length int, data []byte) error {
	err := result(proxy_set_buffer_bytes(uint32(bt), uint32(start), uint32(length), bytesPtr(data), uint32(len(data))))
	runtime.KeepAlive(data)
	return err
}

// ReplaceBuffer replaces the whole of buffer bt with data.
func ReplaceBuffer(bt BufferType, data []byte) error {
	n, err := GetBufferSize(bt)
	if err != nil {
		return err
	}
	return SetBufferBytes(bt, 0, n, data)
}

func GetHttpRequestBody(start, maxSize int) ([]byte, error) {
	return GetBufferBytes(RequestBody, start, maxSize)
}
func ReplaceHttpRequestBody(body []byte) error { return ReplaceBuffer(RequestBody, body) }

func GetHttpResponseBody(start, maxSize int) ([]byte, error) {
	return GetBufferBytes(ResponseBody, start, maxSize)
}
func ReplaceHttpResponseBody(body []byte) error { return ReplaceBuffer(ResponseBody, body) }

// GetPluginConfiguration reads the plugin configuration (buffer 7). The host exposes it only
// during proxy_on_configure (and the root's proxy_on_context_create); elsewhere NotFound.
func GetPluginConfiguration() ([]byte, error) {
	return GetBufferBytes(PluginConfiguration, 0, math.MaxInt32)
}

// GetHttpCallResponseBody reads the callout response body (buffer 4) inside OnHttpCallResponse.
func GetHttpCallResponseBody(start, maxSize int) ([]byte, error) {
	return GetBufferBytes(HttpCallResponseBody, start, maxSize)
}
