package sdk

import "strconv"

// Action is what a stream callback returns; the numbers are the ABI's (proxy_wasm_enums.h).
// Several names share a number because the host only sees the number.
type Action uint32

const (
	Continue Action = 0
	// StopIteration from a headers callback: hold the headers. Only a 0.2.100 host (Higress)
	// keeps delivering the body; 0.2.0/0.2.1 hosts turn it into StopAllIterationAndWatermark.
	StopIteration Action = 1
	// StopIterationAndBuffer from a body callback: buffer this chunk and call again.
	StopIterationAndBuffer Action = 1
	// StopAllIterationAndWatermark from a headers callback: nothing moves until ContinueStream.
	StopAllIterationAndWatermark Action = 4
)

// MapType selects a header map (proxy_*_header_map_*).
type MapType uint32

const (
	RequestHeaders          MapType = 0
	RequestTrailers         MapType = 1
	ResponseHeaders         MapType = 2
	ResponseTrailers        MapType = 3
	HttpCallResponseHeaders MapType = 6
)

// BufferType selects a byte buffer (proxy_get_buffer_bytes / proxy_set_buffer_bytes).
type BufferType uint32

const (
	RequestBody          BufferType = 0
	ResponseBody         BufferType = 1
	HttpCallResponseBody BufferType = 4
	VMConfiguration      BufferType = 6
	PluginConfiguration  BufferType = 7
	RedisCallResponse    BufferType = 9 // Higress only
)

// StreamType selects the direction proxy_continue_stream resumes.
type StreamType uint32

const (
	StreamRequest  StreamType = 0
	StreamResponse StreamType = 1
)

// LogLevel is proxy_log's level.
type LogLevel uint32

const (
	LogTrace LogLevel = iota
	LogDebug
	LogInfo
	LogWarn
	LogError
	LogCritical
)

// Status is a non-Ok WasmResult returned by a hostcall (proxy_wasm_common.h).
type Status uint32

var statusNames = [...]string{"Ok", "NotFound", "BadArgument", "SerializationFailure",
	"ParseFailure", "BadExpression", "InvalidMemoryAccess", "Empty", "CasMismatch",
	"ResultMismatch", "InternalFailure", "BrokenConnection", "Unimplemented"}

const (
	StatusNotFound    Status = 1
	StatusBadArgument Status = 2
)

func (s Status) Error() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "WasmResult(" + strconv.Itoa(int(s)) + ")"
}

// result turns a hostcall's return code into a Go error (nil for Ok).
func result(code uint32) error {
	if code == 0 {
		return nil
	}
	return Status(code)
}
