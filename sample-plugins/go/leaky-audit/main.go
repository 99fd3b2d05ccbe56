// leaky-audit: an audit filter with the leak most reported against Go plugins in production
// (memory that grows with every request until the VM hits its cap): it formats one audit record
// per request into a 16 KiB buffer and appends the buffer to a package-level history that nothing
// ever trims. Every single request looks fine; the VM grows by about 16 KiB per request, so a
// gateway worker reaches the 1 GiB cap after some 60,000 requests. A plain run does
// not see it; `wasm-verify --soak 2000` does (WV4005, with the slope and the requests to the cap).
//
// Config: none. Continue everywhere; adds x-audit-id to the request.
package main

import (
	"bytes"
	"strconv"

	"wasmverify.dev/samples/sdk"
)

func main() {}

func init() {
	sdk.SetNewRootContext(func(uint32) sdk.RootContext { return &root{} })
}

type root struct {
	sdk.DefaultRootContext
	seq uint64
}

// history is the leak: every record ever written, kept "for the next flush" that never comes.
var history []*bytes.Buffer

func (r *root) NewHttpContext(uint32) sdk.HttpContext {
	r.seq++
	return &stream{seq: r.seq}
}

type stream struct {
	sdk.DefaultHttpContext
	seq    uint64
	record *bytes.Buffer
}

func (s *stream) OnRequestHeaders(int, bool) sdk.Action {
	s.record = bytes.NewBuffer(make([]byte, 0, 16<<10))
	s.record.WriteString("seq=" + strconv.FormatUint(s.seq, 10))
	if headers, err := sdk.GetHttpRequestHeaders(); err == nil {
		for _, h := range headers {
			s.record.WriteString(" " + h.Key + "=" + strconv.Quote(h.Value))
		}
	}
	if err := sdk.AddHttpRequestHeader("x-audit-id", strconv.FormatUint(s.seq, 10)); err != nil {
		sdk.Warnf("leaky-audit: adding x-audit-id: %v", err)
	}
	return sdk.Continue
}

func (s *stream) OnResponseHeaders(int, bool) sdk.Action {
	if s.record != nil {
		st, _ := sdk.GetHttpResponseHeader(":status")
		s.record.WriteString(" status=" + st)
	}
	return sdk.Continue
}

func (s *stream) OnLog() {
	if s.record != nil {
		history = append(history, s.record)
	}
}
