package sdk

import (
	"runtime"

	"wasmverify.dev/samples/sdk/codec"
)

// DispatchHttpCall sends an HTTP request to an upstream cluster. headers must include :method,
// :path and :authority. The answer arrives at the root context's OnHttpCallResponse with the
// returned token, after the current callback returns.
func DispatchHttpCall(cluster string, headers []Pair, body []byte, trailers []Pair, timeoutMs uint32) (uint32, error) {
	h, t := codec.EncodePairs(headers), codec.EncodePairs(trailers)
	token := new(uint32)
	err := result(proxy_http_call(strPtr(cluster), uint32(len(cluster)), bytesPtr(h), uint32(len(h)),
		bytesPtr(body), uint32(len(body)), bytesPtr(t), uint32(len(t)), timeoutMs, token))
	runtime.KeepAlive(cluster)
	runtime.KeepAlive(h)
	runtime.KeepAlive(body)
	runtime.KeepAlive(t)
	return *token, err
}

// RedisInit connects the root context to a Redis cluster (Higress only; call from OnConfigure).
func RedisInit(cluster, username, password string, timeoutMs uint32) error {
	err := result(proxy_redis_init(strPtr(cluster), uint32(len(cluster)), strPtr(username), uint32(len(username)),
		strPtr(password), uint32(len(password)), timeoutMs))
	runtime.KeepAlive(cluster)
	runtime.KeepAlive(username)
	runtime.KeepAlive(password)
	return err
}

// RedisCall sends a RESP-encoded command (Higress only). The reply arrives at the root
// context's OnRedisCallResponse; read it with GetRedisCallResponse.
func RedisCall(cluster string, query []byte) (uint32, error) {
	token := new(uint32)
	err := result(proxy_redis_call(strPtr(cluster), uint32(len(cluster)), bytesPtr(query), uint32(len(query)), token))
	runtime.KeepAlive(cluster)
	runtime.KeepAlive(query)
	return *token, err
}

// GetRedisCallResponse reads the Redis reply (buffer 9, Higress only) inside OnRedisCallResponse.
func GetRedisCallResponse(size int) ([]byte, error) {
	return GetBufferBytes(RedisCallResponse, 0, size)
}
