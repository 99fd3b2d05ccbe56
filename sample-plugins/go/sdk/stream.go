package sdk

import (
	"runtime"

	"wasmverify.dev/samples/sdk/codec"
)

// ContinueStream resumes a paused direction. The host acts after the current callback returns.
func ContinueStream(st StreamType) error {
	return result(proxy_continue_stream(uint32(st)))
}

// ResumeHttpRequest is ContinueStream(StreamRequest).
func ResumeHttpRequest() error { return ContinueStream(StreamRequest) }

// ResumeHttpResponse is ContinueStream(StreamResponse).
func ResumeHttpResponse() error { return ContinueStream(StreamResponse) }

// SendHttpResponse answers the client locally (proxy_send_local_response), without a gRPC
// status (-1). The host sends it after the callback returns and treats the callback's result
// as a Stop; the reply still runs through this plugin's response callbacks.
func SendHttpResponse(status uint32, details string, headers []Pair, body []byte) error {
	h := codec.EncodePairs(headers)
	err := result(proxy_send_local_response(status, strPtr(details), uint32(len(details)),
		bytesPtr(body), uint32(len(body)), bytesPtr(h), uint32(len(h)), -1))
	runtime.KeepAlive(details)
	runtime.KeepAlive(body)
	runtime.KeepAlive(h)
	return err
}

// SetEffectiveContext makes later hostcalls of this callback act on another context (a stream,
// from a root callback such as OnHttpCallResponse or OnTick). The host resets it on return.
func SetEffectiveContext(contextID uint32) error {
	return result(proxy_set_effective_context(contextID))
}

// SetTickPeriod arms (or with 0 stops) the calling root context's timer. Not allowed during
// _initialize: call it from OnVMStart or OnConfigure.
func SetTickPeriod(ms uint32) error {
	return result(proxy_set_tick_period_milliseconds(ms))
}
