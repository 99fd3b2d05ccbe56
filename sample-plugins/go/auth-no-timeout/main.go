// auth-no-timeout: an external-authorization filter with the bug that hangs gateways when the
// auth service fails. Request headers send a callout to the "auth" cluster and pause; the answer
// resumes the request on 200 and answers 403 on 401/403, but any other answer (the 504 Envoy's
// router gives a callout past its timeout, a 503 "no healthy upstream", a reset with no headers)
// is only logged: nothing resumes the request, which hangs until the stream idle timeout.
//
// With a healthy auth service (the built-in scenarios' mock answers 200) every request passes;
// under --faults every one that called out hangs.
package main

import (
	"wasmverify.dev/samples/sdk"
)

func main() {}

func init() {
	sdk.SetNewRootContext(func(uint32) sdk.RootContext {
		return &root{pending: sdk.Waiters[*stream]{}}
	})
}

type root struct {
	sdk.DefaultRootContext
	pending sdk.Waiters[*stream]
}

func (r *root) NewHttpContext(id uint32) sdk.HttpContext { return &stream{root: r, id: id} }

type stream struct {
	sdk.WaitingStream
	root *root
	id   uint32
}

func (s *stream) OnRequestHeaders(int, bool) sdk.Action {
	headers := []sdk.Pair{{Key: ":method", Value: "GET"}, {Key: ":path", Value: "/check"}, {Key: ":authority", Value: "auth"}}
	token, err := sdk.DispatchHttpCall("auth", headers, nil, nil, 2000)
	if err != nil {
		sdk.Errorf("auth-no-timeout: cannot call the auth cluster: %v", err)
		return sdk.Continue
	}
	s.root.pending[token] = s
	s.Waiting = true
	return sdk.StopIteration
}

func (s *stream) OnDelete() { s.root.pending.Forget(s) }

func (r *root) OnHttpCallResponse(token uint32, numHeaders, _, _ int) {
	s, ok := r.pending.Take(token)
	if !ok {
		return
	}
	status, _ := sdk.GetHttpCallResponseHeader(":status")
	if err := sdk.SetEffectiveContext(s.id); err != nil {
		return
	}
	switch status {
	case "200":
		s.Waiting = false
		if err := sdk.ResumeHttpRequest(); err != nil {
			sdk.Errorf("auth-no-timeout: resuming the request: %v", err)
		}
	case "401", "403":
		s.Waiting = false
		if err := sdk.SendHttpResponse(403, "auth_denied", nil, []byte("forbidden")); err != nil {
			sdk.Errorf("auth-no-timeout: local reply failed: %v", err)
		}
	default:
		// The bug: a timeout, an unavailable or reset auth service ends up here, and nothing
		// resumes or answers the request.
		sdk.Warnf("auth-no-timeout: auth answered %q (%d headers)", status, numHeaders)
	}
}
