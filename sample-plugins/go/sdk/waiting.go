package sdk

// WaitingStream is an HTTP context that pauses for an answer delivered elsewhere: a callout or
// Redis reply (delivered to the root context) or a timer tick. While Waiting, the request body is
// held: under ABI 0.2.100 body callbacks keep coming during the pause, and Continue from one
// would release the request before the answer. Embed it instead of DefaultHttpContext.
type WaitingStream struct {
	DefaultHttpContext
	Waiting bool
}

func (w *WaitingStream) OnRequestBody(int, bool) Action {
	if w.Waiting {
		return StopIterationAndBuffer
	}
	return Continue
}

// Waiters maps the token of an answer that comes to the root context to the stream waiting
// for it.
type Waiters[S comparable] map[uint32]S

// Take returns and forgets the stream waiting for token; false when it ended before the answer.
func (w Waiters[S]) Take(token uint32) (S, bool) {
	s, ok := w[token]
	if ok {
		delete(w, token)
	}
	return s, ok
}

// Forget drops every token s waits for (call it from OnDelete).
func (w Waiters[S]) Forget(s S) {
	for token, waiting := range w {
		if waiting == s {
			delete(w, token)
		}
	}
}
