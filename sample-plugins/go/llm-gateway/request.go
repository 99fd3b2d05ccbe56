package main

import (
	"encoding/json"

	"wasmverify.dev/samples/sdk"
)

// OnRequestHeaders holds the headers while a body follows: the body decides the model, and the
// headers are rewritten with it. StopIteration (1) keeps the body coming only under ABI 0.2.100.
func (s *stream) OnRequestHeaders(_ int, endOfStream bool) sdk.Action {
	// The response body is parsed for usage, so ask the upstream not to compress it.
	logIfErr("removing accept-encoding", sdk.RemoveHttpRequestHeader("accept-encoding"))
	if endOfStream {
		s.setUpstreamHeaders()
		return sdk.Continue
	}
	// The body is rewritten, so its length changes.
	logIfErr("removing content-length", sdk.RemoveHttpRequestHeader("content-length"))
	s.waitForBody = true
	return sdk.StopIteration
}

// OnRequestBody buffers to the end of the stream, then rewrites body and headers and lets the
// held headers and the body go (returning Continue resumes the whole request).
func (s *stream) OnRequestBody(bodySize int, endOfStream bool) sdk.Action {
	if !s.waitForBody {
		return sdk.Continue
	}
	if !endOfStream {
		return sdk.StopIterationAndBuffer
	}
	s.waitForBody = false
	body, err := sdk.GetHttpRequestBody(0, bodySize)
	if err != nil {
		sdk.Errorf("llm-gateway: reading the request body: %v", err)
	} else if rewritten, ok := s.rewriteBody(body); ok {
		logIfErr("replacing the request body", sdk.ReplaceHttpRequestBody(rewritten))
	}
	s.setUpstreamHeaders()
	return sdk.Continue
}

// rewriteBody maps the model and, for streaming requests, asks for usage in the last event.
// It reports false when the body is left as it is (not JSON, or nothing to change).
func (s *stream) rewriteBody(body []byte) ([]byte, bool) {
	var req map[string]json.RawMessage
	if err := json.Unmarshal(body, &req); err != nil {
		sdk.Warnf("llm-gateway: request body (%d bytes) is not a JSON object, forwarding it unchanged: %v", len(body), err)
		return nil, false
	}
	changed := false
	var model string
	if json.Unmarshal(req["model"], &model) == nil {
		if mapped, ok := s.mapModel(model); ok {
			sdk.Infof("llm-gateway: model %s -> %s", model, mapped)
			req["model"], _ = json.Marshal(mapped)
			changed = true
		}
	}
	var streaming bool
	if json.Unmarshal(req["stream"], &streaming) == nil && streaming {
		opts := map[string]any{}
		_ = json.Unmarshal(req["stream_options"], &opts) // absent or not an object: start afresh
		opts["include_usage"] = true
		req["stream_options"], _ = json.Marshal(opts)
		changed = true
	}
	if !changed {
		return nil, false
	}
	out, err := json.Marshal(req)
	return out, err == nil
}

// mapModel applies modelMapping: an exact entry first, then "*" for every other model.
func (s *stream) mapModel(model string) (string, bool) {
	m := s.root.cfg.Provider.ModelMapping
	if to, ok := m[model]; ok {
		return to, true
	}
	to, ok := m["*"]
	return to, ok
}

func (s *stream) setUpstreamHeaders() {
	if tokens := s.root.cfg.Provider.APITokens; len(tokens) > 0 {
		logIfErr("setting authorization", sdk.ReplaceHttpRequestHeader("authorization", "Bearer "+tokens[0]))
	}
	if host := s.root.cfg.UpstreamHost; host != "" {
		logIfErr("setting :authority", sdk.ReplaceHttpRequestHeader(":authority", host))
	}
}

func logIfErr(what string, err error) {
	if err != nil {
		sdk.Warnf("llm-gateway: %s: %v", what, err)
	}
}
