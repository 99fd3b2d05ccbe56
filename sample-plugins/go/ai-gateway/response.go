package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"strings"

	"wasmverify.dev/samples/sdk"
)

type usage struct {
	Prompt     int64 `json:"prompt_tokens"`
	Completion int64 `json:"completion_tokens"`
	Total      int64 `json:"total_tokens"`
}

func (s *stream) OnResponseHeaders(int, bool) sdk.Action {
	ct, _ := sdk.GetHttpResponseHeader("content-type")
	s.status, _ = sdk.GetHttpResponseHeader(":status")
	ce, _ := sdk.GetHttpResponseHeader("content-encoding")
	s.sse = strings.HasPrefix(ct, "text/event-stream")
	s.gzip = ce == "gzip" && !s.sse
	if s.gzip || (!s.sse && len(s.root.mask) > 0) {
		// The body may be rewritten (decoded, masked): its length changes.
		logIfErr("removing content-length", sdk.RemoveHttpResponseHeader("content-length"))
	}
	return sdk.Continue
}

func (s *stream) OnResponseBody(bodySize int, endOfStream bool) sdk.Action {
	if s.sse {
		chunk, err := sdk.GetHttpResponseBody(0, bodySize)
		if err != nil {
			sdk.Warnf("ai-gateway: reading a response chunk: %v", err)
			return sdk.Continue
		}
		for _, data := range s.events.Push(chunk) {
			if data != "[DONE]" {
				s.readUsage([]byte(data))
			}
		}
		return sdk.Continue
	}
	if !endOfStream {
		return sdk.StopIterationAndBuffer
	}
	body, err := sdk.GetHttpResponseBody(0, bodySize)
	if err != nil {
		sdk.Warnf("ai-gateway: reading the response body: %v", err)
		return sdk.Continue
	}
	changed := false
	if s.gzip {
		if body, err = gunzip(body); err != nil {
			sdk.Warnf("ai-gateway: gzip response: %v", err)
			return sdk.Continue
		}
		logIfErr("removing content-encoding", sdk.RemoveHttpResponseHeader("content-encoding"))
		changed = true
	}
	s.readUsage(body)
	for _, re := range s.root.mask {
		if re.Match(body) {
			body = re.ReplaceAll(body, []byte("***"))
			changed = true
		}
	}
	if changed {
		logIfErr("replacing the response body", sdk.ReplaceHttpResponseBody(body))
	}
	return sdk.Continue
}

func (s *stream) OnLog() {
	if s.root.accessLog == nil || s.route.api == "" {
		return
	}
	line, err := render(s.root.accessLog, map[string]any{
		"Method": s.method, "Path": s.route.path, "Model": s.model,
		"Provider": s.root.provider.cfg.ID, "Tokens": s.tokens, "Status": s.status,
	})
	if err == nil {
		sdk.Infof("ai-gateway: %s", line)
	}
}

func (s *stream) readUsage(doc []byte) {
	var v struct {
		Usage *usage `json:"usage"`
	}
	if json.Unmarshal(doc, &v) != nil || v.Usage == nil {
		return
	}
	s.tokens += v.Usage.Total
	if v.Usage.Total > 0 && s.root.tokens != 0 {
		logIfErr("counting tokens", s.root.tokens.Increment(v.Usage.Total))
	}
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return io.ReadAll(io.LimitReader(zr, 16<<20))
}
