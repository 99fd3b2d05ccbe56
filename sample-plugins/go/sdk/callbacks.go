package sdk

// Callbacks the host looks up (reference §4). All are optional for the host; exporting all of
// them keeps the dispatch in one place. Signatures: every parameter i32, results i32 or none.

//go:wasmexport proxy_on_context_create
func proxyOnContextCreate(contextID, parentID uint32) {
	if parentID == 0 {
		roots[contextID] = newRootContext(contextID)
		return
	}
	if s := rootFor(parentID).NewHttpContext(contextID); s != nil {
		streams[contextID] = s
	}
}

//go:wasmexport proxy_on_vm_start
func proxyOnVMStart(rootID, vmConfigSize uint32) uint32 {
	return boolWord(rootFor(rootID).OnVMStart(int(vmConfigSize)))
}

//go:wasmexport proxy_on_configure
func proxyOnConfigure(rootID, pluginConfigSize uint32) uint32 {
	return boolWord(rootFor(rootID).OnConfigure(int(pluginConfigSize)))
}

//go:wasmexport proxy_on_request_headers
func proxyOnRequestHeaders(id, numHeaders, endOfStream uint32) uint32 {
	return uint32(streamFor(id).OnRequestHeaders(int(numHeaders), endOfStream != 0))
}

//go:wasmexport proxy_on_request_body
func proxyOnRequestBody(id, bodySize, endOfStream uint32) uint32 {
	return uint32(streamFor(id).OnRequestBody(int(bodySize), endOfStream != 0))
}

//go:wasmexport proxy_on_request_trailers
func proxyOnRequestTrailers(id, numTrailers uint32) uint32 {
	return uint32(streamFor(id).OnRequestTrailers(int(numTrailers)))
}

//go:wasmexport proxy_on_response_headers
func proxyOnResponseHeaders(id, numHeaders, endOfStream uint32) uint32 {
	return uint32(streamFor(id).OnResponseHeaders(int(numHeaders), endOfStream != 0))
}

//go:wasmexport proxy_on_response_body
func proxyOnResponseBody(id, bodySize, endOfStream uint32) uint32 {
	return uint32(streamFor(id).OnResponseBody(int(bodySize), endOfStream != 0))
}

//go:wasmexport proxy_on_response_trailers
func proxyOnResponseTrailers(id, numTrailers uint32) uint32 {
	return uint32(streamFor(id).OnResponseTrailers(int(numTrailers)))
}

//go:wasmexport proxy_on_log
func proxyOnLog(id uint32) {
	streamFor(id).OnLog()
}

// proxy_on_done: the host uses the result only for root contexts (stream contexts are always
// finished), so a stream answers 1.
//
//go:wasmexport proxy_on_done
func proxyOnDone(id uint32) uint32 {
	if r, ok := roots[id]; ok {
		return boolWord(r.OnDone())
	}
	streamFor(id).OnDone()
	return 1
}

//go:wasmexport proxy_on_delete
func proxyOnDelete(id uint32) {
	if r, ok := roots[id]; ok {
		r.OnDelete()
		delete(roots, id)
		return
	}
	streamFor(id).OnDelete()
	delete(streams, id)
}

//go:wasmexport proxy_on_tick
func proxyOnTick(rootID uint32) {
	rootFor(rootID).OnTick()
}

//go:wasmexport proxy_on_queue_ready
func proxyOnQueueReady(rootID, queueID uint32) {
	rootFor(rootID).OnQueueReady(queueID)
}

//go:wasmexport proxy_on_http_call_response
func proxyOnHttpCallResponse(rootID, token, numHeaders, bodySize, numTrailers uint32) {
	rootFor(rootID).OnHttpCallResponse(token, int(numHeaders), int(bodySize), int(numTrailers))
}

// Higress only; harmless elsewhere (upstream hosts never look it up).
//
//go:wasmexport proxy_on_redis_call_response
func proxyOnRedisCallResponse(rootID, token, status, responseSize uint32) {
	rootFor(rootID).OnRedisCallResponse(token, status, int(responseSize))
}

func boolWord(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}
