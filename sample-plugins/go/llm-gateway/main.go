// llm-gateway: an OpenAI-compatible gateway filter shaped like Higress' ai-proxy
// (shared/reference/higress.md §2.2). On the request it holds the headers (StopIteration) while
// it buffers and rewrites the JSON body (model mapping, stream_options), then sets the upstream
// credentials and host; on the response it reads token usage from JSON or SSE bodies.
//
// It needs ABI 0.2.100: .buildrc says EXTRA_TAGS=proxy_wasm_version_0_2_100. Built without the
// tag it exports proxy_abi_version_0_2_0, the host turns the StopIteration into
// StopAllIterationAndWatermark, the body callback never runs and every request with a body
// hangs (higress-group/higress#1847, the bug wasm-verify exists for).
//
// Config:
//
//	{"provider":{"type":"openai","apiTokens":["sk-test"],"modelMapping":{"gpt-4o-mini":"gpt-4o"}},
//	 "upstreamHost":"api.openai.com"}
//
// Without a provider (including an empty configuration) the plugin loads and is inert: every
// phase continues untouched, as ai-proxy does with no active provider. Invalid JSON fails
// proxy_on_configure.
package main

import (
	"encoding/json"

	"wasmverify.dev/samples/sdk"
	"wasmverify.dev/samples/sdk/codec"
)

func main() {}

func init() {
	sdk.SetNewRootContext(func(uint32) sdk.RootContext { return &root{} })
}

type config struct {
	Provider struct {
		Type         string            `json:"type"`
		APITokens    []string          `json:"apiTokens"`
		ModelMapping map[string]string `json:"modelMapping"`
	} `json:"provider"`
	UpstreamHost string `json:"upstreamHost"`
}

// defaultHosts is where each provider type sends requests when upstreamHost is not set.
var defaultHosts = map[string]string{"openai": "api.openai.com"}

type root struct {
	sdk.DefaultRootContext
	cfg    config
	active bool
	tokens sdk.Counter
}

func (r *root) OnConfigure(size int) bool {
	if size == 0 {
		sdk.Infof("llm-gateway: no configuration, no provider: passing traffic through")
		return true
	}
	raw, err := sdk.GetPluginConfiguration()
	if err != nil {
		sdk.Errorf("llm-gateway: reading configuration: %v", err)
		return false
	}
	if err := json.Unmarshal(raw, &r.cfg); err != nil {
		sdk.Errorf("llm-gateway: configuration is not valid JSON: %v", err)
		return false
	}
	if r.cfg.UpstreamHost == "" {
		r.cfg.UpstreamHost = defaultHosts[r.cfg.Provider.Type]
	}
	r.active = r.cfg.Provider.Type != ""
	if !r.active {
		sdk.Infof("llm-gateway: no provider configured: passing traffic through")
		return true
	}
	// A metric is defined here, not in init(): the host forbids it during _initialize.
	if r.tokens, err = sdk.DefineCounter("llm_gateway_total_tokens"); err != nil {
		sdk.Warnf("llm-gateway: defining the token counter: %v", err)
	}
	sdk.Infof("llm-gateway: provider %s, upstream %s, %d model mappings",
		r.cfg.Provider.Type, r.cfg.UpstreamHost, len(r.cfg.Provider.ModelMapping))
	return true
}

func (r *root) NewHttpContext(uint32) sdk.HttpContext {
	if !r.active {
		return nil // the SDK's default context continues everything
	}
	return &stream{root: r}
}

// stream is one request/response through the gateway; request.go and response.go hold its phases.
type stream struct {
	sdk.DefaultHttpContext
	root        *root
	waitForBody bool
	sse         bool
	events      codec.SSESplitter // partial SSE event carried across response chunks
}
