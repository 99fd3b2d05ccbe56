// config-warn: a key-auth-shaped plugin whose configuration check names the cause at warn level
// and only then says, at error, that it failed, as Higress wasm-go plugins do (the parse error
// is a warn line, "plugin start failed" the error line after it). proxy_on_configure returns
// false when the configuration lacks both in_header and in_query, so the gateway rejects it:
// the hint must quote the warn line, not only the last error line.
//
// Config: {"keys":["k1"],"in_header":true} (in_header or in_query required; keys non-empty).
// With it, a request without a valid x-api-key header gets 401; with one, it is forwarded.
package main

import (
	"encoding/json"
	"slices"

	"wasmverify.dev/samples/sdk"
)

func main() {}

func init() {
	sdk.SetNewRootContext(func(uint32) sdk.RootContext { return &root{} })
}

type config struct {
	Keys     []string `json:"keys"`
	InHeader bool     `json:"in_header"`
	InQuery  bool     `json:"in_query"`
}

type root struct {
	sdk.DefaultRootContext
	cfg config
}

func (r *root) OnConfigure(size int) bool {
	if err := r.parse(size); err != "" {
		sdk.Warnf("[config-warn] global config parse error: %s", err)
		sdk.Errorf("[config-warn] plugin start failed")
		return false
	}
	return true
}

// parse checks the configuration; it returns what is wrong, or "".
func (r *root) parse(size int) string {
	raw := []byte("{}")
	if size > 0 {
		got, err := sdk.GetPluginConfiguration()
		if err != nil {
			return "cannot read the configuration: " + err.Error()
		}
		raw = got
	}
	if err := json.Unmarshal(raw, &r.cfg); err != nil {
		return "not JSON: " + err.Error()
	}
	if !r.cfg.InHeader && !r.cfg.InQuery {
		return "must one of in_query/in_header required"
	}
	if len(r.cfg.Keys) == 0 {
		return "keys must not be empty"
	}
	return ""
}

func (r *root) NewHttpContext(uint32) sdk.HttpContext { return &stream{cfg: &r.cfg} }

type stream struct {
	sdk.DefaultHttpContext
	cfg *config
}

func (s *stream) OnRequestHeaders(int, bool) sdk.Action {
	key, _ := sdk.GetHttpRequestHeader("x-api-key")
	if s.cfg.InHeader && slices.Contains(s.cfg.Keys, key) {
		return sdk.Continue
	}
	if err := sdk.SendHttpResponse(401, "config_warn_denied", nil, []byte("unauthorized")); err != nil {
		sdk.Errorf("[config-warn] local reply failed: %v", err)
	}
	return sdk.StopIteration
}
