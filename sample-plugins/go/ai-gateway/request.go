package main

import (
	"encoding/json"

	"wasmverify.dev/samples/sdk"
)

// message is one chat message; content is a string or a list of parts (text, image_url).
type message struct {
	Role    string `json:"role"`
	Content any    `json:"content"`
}

func (s *stream) OnRequestHeaders(_ int, endOfStream bool) sdk.Action {
	p, _ := sdk.GetHttpRequestHeader(":path")
	s.method, _ = sdk.GetHttpRequestHeader(":method")
	s.route = routeOf(p)
	if s.root.requests != 0 {
		logIfErr("counting requests", s.root.requests.Increment(1))
	}
	// The response body is parsed for usage, so ask the upstream not to compress it (a gzip
	// answer is still decoded: some upstreams ignore the request).
	logIfErr("removing accept-encoding", sdk.RemoveHttpRequestHeader("accept-encoding"))
	if endOfStream || s.route.api == "" {
		s.setUpstreamHeaders(nil)
		return sdk.Continue
	}
	logIfErr("removing content-length", sdk.RemoveHttpRequestHeader("content-length"))
	s.waitForBody = true
	return sdk.StopIteration
}

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
		sdk.Errorf("ai-gateway: reading the request body: %v", err)
		return sdk.Continue
	}
	out, refused := s.rewrite(body)
	if refused {
		return sdk.Continue // the local reply ends the stream
	}
	if out != nil {
		logIfErr("replacing the request body", sdk.ReplaceHttpRequestBody(out))
		body = out
	}
	s.setUpstreamHeaders(body)
	return sdk.Continue
}

// rewrite checks and transforms a chat request; nil when the body stays as it is.
func (s *stream) rewrite(body []byte) ([]byte, bool) {
	var req map[string]json.RawMessage
	if err := json.Unmarshal(body, &req); err != nil {
		sdk.Warnf("ai-gateway: request body (%d bytes) is not a JSON object, forwarding it unchanged: %v", len(body), err)
		return nil, false
	}
	var messages []message
	_ = json.Unmarshal(req["messages"], &messages)
	texts, images := prompts(messages)
	if pattern := s.root.denied(texts); pattern != "" {
		sdk.Warnf("ai-gateway: prompt matches deny pattern %s", pattern)
		refuse(400, "the prompt matches a deny rule")
		return nil, true
	}
	if why := s.root.imageTooLarge(images); why != "" {
		refuse(413, why)
		return nil, true
	}
	changed := false
	if json.Unmarshal(req["model"], &s.model) == nil {
		if mapped, ok := s.root.provider.mapModel(s.model); ok {
			sdk.Debugf("ai-gateway: model %s -> %s", s.model, mapped)
			s.model = mapped
			req["model"], _ = json.Marshal(mapped)
			changed = true
		}
	}
	if s.root.system != "" && s.route.api == "chat" && len(messages) > 0 && messages[0].Role != "system" {
		messages = append([]message{{Role: "system", Content: s.root.system}}, messages...)
		req["messages"], _ = json.Marshal(messages)
		changed = true
	}
	var streaming bool
	if json.Unmarshal(req["stream"], &streaming) == nil && streaming {
		opts := map[string]any{}
		_ = json.Unmarshal(req["stream_options"], &opts)
		opts["include_usage"] = true
		req["stream_options"], _ = json.Marshal(opts)
		changed = true
	}
	if !changed {
		return nil, false
	}
	out, err := json.Marshal(req)
	if err != nil {
		return nil, false
	}
	return out, false
}

// setUpstreamHeaders points the request at the provider: host, path, credentials.
func (s *stream) setUpstreamHeaders(body []byte) {
	p := s.root.provider
	logIfErr("setting :authority", sdk.ReplaceHttpRequestHeader(":authority", p.host))
	if s.route.api == "" {
		return
	}
	path := s.route.path
	if rendered := p.upstreamPath(s.route.path, s.model); rendered != "" {
		path = rendered
	}
	logIfErr("setting :path", sdk.ReplaceHttpRequestHeader(":path", path))
	switch p.auth {
	case "sigv4":
		auth, date := p.sigV4(s.method, p.host, path, body)
		logIfErr("setting x-amz-date", sdk.ReplaceHttpRequestHeader("x-amz-date", date))
		logIfErr("setting authorization", sdk.ReplaceHttpRequestHeader("authorization", auth))
	default:
		if len(p.cfg.APITokens) > 0 {
			logIfErr("setting authorization", sdk.ReplaceHttpRequestHeader("authorization", "Bearer "+p.cfg.APITokens[0]))
		}
	}
}
