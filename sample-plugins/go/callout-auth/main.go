// callout-auth: an external-authorization filter. Request headers send an HTTP callout to an
// auth cluster and pause the request; the callout's answer (delivered to the root context)
// either resumes the request with an x-auth-user header or answers 403 locally.
//
// Pausing from headers with a callout pending is safe on every ABI: on 0.2.0 the host stops
// everything, on 0.2.100 it holds the headers and keeps delivering the body, which this plugin
// then buffers (returning Continue from the body would release the request before the auth
// answer). Either way proxy_continue_stream or the local reply ends the pause.
//
// Config: {"cluster":"auth","path":"/check","timeoutMs":5000} (all optional; these defaults).
// If the callout cannot even be sent (e.g. unknown cluster) the request fails closed with 503.
package main

import (
	"encoding/json"

	"wasmverify.dev/samples/sdk"
)

func main() {}

func init() {
	sdk.SetNewRootContext(func(uint32) sdk.RootContext {
		return &root{
			cfg:     config{Cluster: "auth", Path: "/check", TimeoutMs: 5000},
			pending: sdk.Waiters[*stream]{},
		}
	})
}

type config struct {
	Cluster   string `json:"cluster"`
	Path      string `json:"path"`
	TimeoutMs uint32 `json:"timeoutMs"`
}

type root struct {
	sdk.DefaultRootContext
	cfg config
	// pending maps a callout token to the stream waiting for it: the answer comes to the root.
	pending sdk.Waiters[*stream]
}

func (r *root) OnConfigure(size int) bool {
	if size == 0 {
		return true
	}
	raw, err := sdk.GetPluginConfiguration()
	if err == nil {
		err = json.Unmarshal(raw, &r.cfg)
	}
	if err != nil {
		sdk.Errorf("callout-auth: bad configuration: %v", err)
		return false
	}
	return true
}

func (r *root) NewHttpContext(id uint32) sdk.HttpContext { return &stream{root: r, id: id} }

type stream struct {
	sdk.WaitingStream
	root *root
	id   uint32
}

func (s *stream) OnRequestHeaders(int, bool) sdk.Action {
	cfg := s.root.cfg
	// Only the auth service may set the identity header: drop one a client sent.
	if err := sdk.RemoveHttpRequestHeader("x-auth-user"); err != nil {
		sdk.Warnf("callout-auth: removing x-auth-user: %v", err)
	}
	headers := []sdk.Pair{{Key: ":method", Value: "GET"}, {Key: ":path", Value: cfg.Path}, {Key: ":authority", Value: cfg.Cluster}}
	if auth, err := sdk.GetHttpRequestHeader("authorization"); err == nil {
		headers = append(headers, sdk.Pair{Key: "authorization", Value: auth})
	}
	token, err := sdk.DispatchHttpCall(cfg.Cluster, headers, nil, nil, cfg.TimeoutMs)
	if err != nil {
		sdk.Errorf("callout-auth: cannot call cluster %q: %v; rejecting the request", cfg.Cluster, err)
		if err := sdk.SendHttpResponse(503, "callout_auth_unavailable", nil, []byte("auth service unavailable")); err != nil {
			sdk.Errorf("callout-auth: local reply failed: %v", err)
		}
		return sdk.StopIteration
	}
	s.root.pending[token] = s
	s.Waiting = true
	return sdk.StopIteration
}

func (s *stream) OnDelete() { s.root.pending.Forget(s) }

func (r *root) OnHttpCallResponse(token uint32, numHeaders, _, _ int) {
	s, ok := r.pending.Take(token)
	if !ok {
		return // the stream ended before the answer came
	}
	// Read the callout response while still on the root (maps 6/buffer 4 belong to this call),
	// then act on the stream that asked.
	status, _ := sdk.GetHttpCallResponseHeader(":status") // numHeaders 0 = reset: no status
	user, _ := sdk.GetHttpCallResponseHeader("x-auth-user")
	if err := sdk.SetEffectiveContext(s.id); err != nil {
		sdk.Errorf("callout-auth: stream %d is gone: %v", s.id, err)
		return
	}
	s.Waiting = false
	if status != "200" {
		sdk.Infof("callout-auth: denied (auth answered %q, %d headers)", status, numHeaders)
		if err := sdk.SendHttpResponse(403, "callout_auth_denied", nil, []byte("forbidden")); err != nil {
			sdk.Errorf("callout-auth: local reply failed: %v", err)
		}
		return
	}
	if user != "" {
		if err := sdk.AddHttpRequestHeader("x-auth-user", user); err != nil {
			sdk.Warnf("callout-auth: adding x-auth-user: %v", err)
		}
	}
	sdk.Infof("callout-auth: allowed user %q", user)
	if err := sdk.ResumeHttpRequest(); err != nil {
		sdk.Errorf("callout-auth: resuming the request: %v", err)
	}
}
