// header-rewrite: a config-driven header editor, the simplest well-behaved plugin. Every phase
// returns Continue, so it passes on any host that loads it.
//
// Config (empty config = no edits):
//
//	{"add":{"x-a":"1"},"replace":{"x-b":"2"},"remove":["x-c"],
//	 "response":{"add":{},"replace":{},"remove":[]}}
package main

import (
	"encoding/json"
	"sort"

	"wasmverify.dev/samples/sdk"
)

func main() {}

func init() {
	sdk.SetNewRootContext(func(uint32) sdk.RootContext { return &root{} })
}

// edits is one direction's rules.
type edits struct {
	Add     map[string]string `json:"add"`
	Replace map[string]string `json:"replace"`
	Remove  []string          `json:"remove"`
}

type config struct {
	edits
	Response edits `json:"response"`
}

type root struct {
	sdk.DefaultRootContext
	cfg config
}

func (r *root) OnConfigure(size int) bool {
	if size == 0 {
		sdk.Infof("header-rewrite: no configuration, headers pass unchanged")
		return true
	}
	raw, err := sdk.GetPluginConfiguration()
	if err != nil {
		sdk.Errorf("header-rewrite: reading configuration: %v", err)
		return false
	}
	if err := json.Unmarshal(raw, &r.cfg); err != nil {
		sdk.Errorf("header-rewrite: configuration is not valid JSON: %v", err)
		return false
	}
	return true
}

func (r *root) NewHttpContext(uint32) sdk.HttpContext { return &stream{cfg: &r.cfg} }

type stream struct {
	sdk.DefaultHttpContext
	cfg *config
}

func (s *stream) OnRequestHeaders(int, bool) sdk.Action {
	apply(sdk.RequestHeaders, s.cfg.edits)
	return sdk.Continue
}

func (s *stream) OnResponseHeaders(int, bool) sdk.Action {
	apply(sdk.ResponseHeaders, s.cfg.Response)
	return sdk.Continue
}

// apply runs removals, then replacements, then additions, each in key order so runs are
// reproducible (Go map order is random).
func apply(mt sdk.MapType, e edits) {
	for _, k := range e.Remove {
		logErr("remove", k, sdk.RemoveHeader(mt, k))
	}
	for _, k := range sortedKeys(e.Replace) {
		logErr("replace", k, sdk.ReplaceHeader(mt, k, e.Replace[k]))
	}
	for _, k := range sortedKeys(e.Add) {
		logErr("add", k, sdk.AddHeader(mt, k, e.Add[k]))
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func logErr(op, key string, err error) {
	if err != nil {
		sdk.Warnf("header-rewrite: %s %s: %v", op, key, err)
	}
}
