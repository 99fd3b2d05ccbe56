package sdk

// RootContext is one plugin instance (the host creates it with parent id 0). It receives the
// VM/plugin lifecycle and everything the host delivers to the root: ticks, queue events and
// the answers to HTTP and Redis calls (whatever stream made them).
type RootContext interface {
	OnVMStart(vmConfigSize int) bool
	OnConfigure(pluginConfigSize int) bool
	// NewHttpContext makes the object for one stream; nil means "pass everything through".
	NewHttpContext(contextID uint32) HttpContext
	OnTick()
	OnQueueReady(queueID uint32)
	OnHttpCallResponse(token uint32, numHeaders, bodySize, numTrailers int)
	OnRedisCallResponse(token uint32, status uint32, responseSize int)
	// OnDone returns false to finish later with proxy_done (not used by the samples).
	OnDone() bool
	OnDelete()
}

// HttpContext is one HTTP stream.
type HttpContext interface {
	OnRequestHeaders(numHeaders int, endOfStream bool) Action
	OnRequestBody(bodySize int, endOfStream bool) Action
	OnRequestTrailers(numTrailers int) Action
	OnResponseHeaders(numHeaders int, endOfStream bool) Action
	OnResponseBody(bodySize int, endOfStream bool) Action
	OnResponseTrailers(numTrailers int) Action
	OnLog()
	OnDone()
	OnDelete()
}

// DefaultRootContext does nothing and accepts any configuration; embed it.
type DefaultRootContext struct{}

func (DefaultRootContext) OnVMStart(int) bool                       { return true }
func (DefaultRootContext) OnConfigure(int) bool                     { return true }
func (DefaultRootContext) NewHttpContext(uint32) HttpContext        { return nil }
func (DefaultRootContext) OnTick()                                  {}
func (DefaultRootContext) OnQueueReady(uint32)                      {}
func (DefaultRootContext) OnHttpCallResponse(uint32, int, int, int) {}
func (DefaultRootContext) OnRedisCallResponse(uint32, uint32, int)  {}
func (DefaultRootContext) OnDone() bool                             { return true }
func (DefaultRootContext) OnDelete()                                {}

// DefaultHttpContext continues every phase; embed it.
type DefaultHttpContext struct{}

func (DefaultHttpContext) OnRequestHeaders(int, bool) Action  { return Continue }
func (DefaultHttpContext) OnRequestBody(int, bool) Action     { return Continue }
func (DefaultHttpContext) OnRequestTrailers(int) Action       { return Continue }
func (DefaultHttpContext) OnResponseHeaders(int, bool) Action { return Continue }
func (DefaultHttpContext) OnResponseBody(int, bool) Action    { return Continue }
func (DefaultHttpContext) OnResponseTrailers(int) Action      { return Continue }
func (DefaultHttpContext) OnLog()                             {}
func (DefaultHttpContext) OnDone()                            {}
func (DefaultHttpContext) OnDelete()                          {}

// The context registry. One module instance is one VM, so package state is per VM; the host
// never calls in concurrently.
var (
	newRootContext = func(uint32) RootContext { return DefaultRootContext{} }
	roots          = map[uint32]RootContext{}
	streams        = map[uint32]HttpContext{}
)

// SetNewRootContext registers the plugin. Call it from init().
func SetNewRootContext(f func(contextID uint32) RootContext) {
	newRootContext = f
}

func rootFor(id uint32) RootContext {
	if r, ok := roots[id]; ok {
		return r
	}
	return DefaultRootContext{}
}

func streamFor(id uint32) HttpContext {
	if s, ok := streams[id]; ok {
		return s
	}
	return DefaultHttpContext{}
}
