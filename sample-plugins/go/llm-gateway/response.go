package main

import (
	"encoding/json"
	"strings"

	"wasmverify.dev/samples/sdk"
)

// usage is the OpenAI token count, found in a JSON completion or the last SSE event.
type usage struct {
	Prompt     int64 `json:"prompt_tokens"`
	Completion int64 `json:"completion_tokens"`
	Total      int64 `json:"total_tokens"`
}

func (s *stream) OnResponseHeaders(int, bool) sdk.Action {
	ct, _ := sdk.GetHttpResponseHeader("content-type") // absent: treated as JSON
	s.sse = strings.HasPrefix(ct, "text/event-stream")
	return sdk.Continue
}

// OnResponseBody passes SSE chunks through as they come (parsing complete events, keeping a
// partial one for the next chunk) and buffers a JSON body to its end.
func (s *stream) OnResponseBody(bodySize int, endOfStream bool) sdk.Action {
	if s.sse {
		chunk, err := sdk.GetHttpResponseBody(0, bodySize)
		if err != nil {
			sdk.Warnf("llm-gateway: reading a response chunk: %v", err)
			return sdk.Continue
		}
		for _, data := range s.events.Push(chunk) {
			if data != "[DONE]" {
				s.readUsage([]byte(data))
			}
		}
		if endOfStream && s.events.Pending() != "" {
			sdk.Warnf("llm-gateway: stream ended inside an event (%d bytes unparsed)", len(s.events.Pending()))
		}
		return sdk.Continue
	}
	if !endOfStream {
		return sdk.StopIterationAndBuffer
	}
	body, err := sdk.GetHttpResponseBody(0, bodySize)
	if err != nil {
		sdk.Warnf("llm-gateway: reading the response body: %v", err)
		return sdk.Continue
	}
	if !s.readUsage(body) {
		sdk.Infof("llm-gateway: response (%d bytes) carries no usage", len(body))
	}
	return sdk.Continue
}

// readUsage logs and counts the usage of one JSON document; false when it has none.
func (s *stream) readUsage(doc []byte) bool {
	var v struct {
		Model string `json:"model"`
		Usage *usage `json:"usage"`
	}
	if json.Unmarshal(doc, &v) != nil || v.Usage == nil {
		return false
	}
	sdk.Infof("llm-gateway: usage model=%s prompt_tokens=%d completion_tokens=%d total_tokens=%d",
		v.Model, v.Usage.Prompt, v.Usage.Completion, v.Usage.Total)
	if v.Usage.Total > 0 && s.root.tokens != 0 {
		logIfErr("counting tokens", s.root.tokens.Increment(v.Usage.Total))
	}
	return true
}
