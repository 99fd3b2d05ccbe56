package sdk

// Host functions, module "env", exactly as the host registers them (host-shim/src/symbols.ts):
// every Word is i32 (*byte, *uint32, uint32, int32 all lower to i32), int64 is i64. Only what the
// sample plugins use is declared; the Go linker drops imports nobody calls anyway.
//
// No //go:noescape on purpose: the host may call proxy_on_memory_allocate in the middle of a
// hostcall, and Go code running then may grow (move) the goroutine stack. Pointers handed to
// the host must therefore point to the heap, which Go never moves; without noescape the
// compiler puts everything passed here on the heap.

//go:wasmimport env proxy_log
func proxy_log(level uint32, msg *byte, msgSize uint32) uint32

//go:wasmimport env proxy_get_header_map_value
func proxy_get_header_map_value(mapType uint32, key *byte, keySize uint32, retPtr, retSize *uint32) uint32

//go:wasmimport env proxy_add_header_map_value
func proxy_add_header_map_value(mapType uint32, key *byte, keySize uint32, value *byte, valueSize uint32) uint32

//go:wasmimport env proxy_replace_header_map_value
func proxy_replace_header_map_value(mapType uint32, key *byte, keySize uint32, value *byte, valueSize uint32) uint32

//go:wasmimport env proxy_remove_header_map_value
func proxy_remove_header_map_value(mapType uint32, key *byte, keySize uint32) uint32

//go:wasmimport env proxy_get_header_map_pairs
func proxy_get_header_map_pairs(mapType uint32, retPtr, retSize *uint32) uint32

//go:wasmimport env proxy_set_header_map_pairs
func proxy_set_header_map_pairs(mapType uint32, pairs *byte, pairsSize uint32) uint32

//go:wasmimport env proxy_get_buffer_status
func proxy_get_buffer_status(bufferType uint32, retLength, retFlags *uint32) uint32

//go:wasmimport env proxy_get_buffer_bytes
func proxy_get_buffer_bytes(bufferType, start, maxSize uint32, retPtr, retSize *uint32) uint32

//go:wasmimport env proxy_set_buffer_bytes
func proxy_set_buffer_bytes(bufferType, start, length uint32, data *byte, dataSize uint32) uint32

//go:wasmimport env proxy_send_local_response
func proxy_send_local_response(statusCode uint32, details *byte, detailsSize uint32,
	body *byte, bodySize uint32, headers *byte, headersSize uint32, grpcStatus int32) uint32

//go:wasmimport env proxy_http_call
func proxy_http_call(upstream *byte, upstreamSize uint32, headers *byte, headersSize uint32,
	body *byte, bodySize uint32, trailers *byte, trailersSize uint32, timeoutMs uint32, retToken *uint32) uint32

//go:wasmimport env proxy_set_tick_period_milliseconds
func proxy_set_tick_period_milliseconds(period uint32) uint32

//go:wasmimport env proxy_continue_stream
func proxy_continue_stream(streamType uint32) uint32

//go:wasmimport env proxy_set_effective_context
func proxy_set_effective_context(contextID uint32) uint32

//go:wasmimport env proxy_get_property
func proxy_get_property(path *byte, pathSize uint32, retPtr, retSize *uint32) uint32

//go:wasmimport env proxy_set_property
func proxy_set_property(path *byte, pathSize uint32, value *byte, valueSize uint32) uint32

//go:wasmimport env proxy_define_metric
func proxy_define_metric(metricType uint32, name *byte, nameSize uint32, retID *uint32) uint32

//go:wasmimport env proxy_increment_metric
func proxy_increment_metric(metricID uint32, offset int64) uint32

// Higress fork only (HCH 1d590ef): a module importing these cannot link on upstream Envoy.

//go:wasmimport env proxy_redis_init
func proxy_redis_init(cluster *byte, clusterSize uint32, username *byte, usernameSize uint32,
	password *byte, passwordSize uint32, timeoutMs uint32) uint32

//go:wasmimport env proxy_redis_call
func proxy_redis_call(cluster *byte, clusterSize uint32, query *byte, querySize uint32, retToken *uint32) uint32
