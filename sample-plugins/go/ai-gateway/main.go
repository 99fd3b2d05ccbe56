// ai-gateway: a real-size LLM gateway, shaped like Higress' ai-proxy with the work its
// neighbours (ai-security-guard, ai-statistics) do in the same filter. It is the bench's main
// module: about 9 MB, like ai-proxy (9.3 MB), because it links what such plugins link —
// encoding/json, regexp, text/template and html/template, net/url, compress/gzip, crypto (AWS SigV4 signing, an RSA service-account key), image
// decoders — and it is busy at start the way they are: package initialisation of all of that,
// then at configure time JSON, a dozen regular expressions, templates and a key to parse.
//
// Per request: the path is routed (net/url), headers held while the JSON body is buffered
// (StopIteration, ABI 0.2.100 as the .buildrc asks), the prompt checked against the deny
// patterns (a local 400 with an HTML page when one matches), the model mapped, a system prompt
// rendered from a template, inline images' sizes checked, the body replaced and the provider's
// credentials set (a SigV4 signature for bedrock). Responses: gzip bodies decoded, SSE passed
// through chunk by chunk, usage counted, secrets masked in JSON answers, an access-log line
// rendered from a template.
//
// Config: config.json in this directory (the bench and the matrix run it with that file).
// Without one the plugin is inert (Continue everywhere); invalid JSON or a bad pattern fails
// proxy_on_configure.
package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"text/template"

	"wasmverify.dev/samples/sdk"
	"wasmverify.dev/samples/sdk/codec"
)

func main() {}

func init() {
	sdk.SetNewRootContext(func(uint32) sdk.RootContext { return &root{} })
}

type providerConfig struct {
	ID           string            `json:"id"`
	Type         string            `json:"type"`
	APITokens    []string          `json:"apiTokens"`
	ModelMapping map[string]string `json:"modelMapping"`
	Region       string            `json:"region"`
	AccessKey    string            `json:"accessKey"`
	SecretKey    string            `json:"secretKey"`
	ServiceKey   string            `json:"serviceAccountKey"` // PEM, vertex only
}

type config struct {
	ActiveProvider string            `json:"activeProvider"`
	Providers      []providerConfig  `json:"providers"`
	SystemPrompt   string            `json:"systemPrompt"`
	PromptVars     map[string]string `json:"promptVars"`
	Deny           []string          `json:"deny"`
	Mask           map[string]string `json:"mask"`
	MaxImagePixels int               `json:"maxImagePixels"`
	AccessLog      string            `json:"accessLog"`
}

type root struct {
	sdk.DefaultRootContext
	cfg       config
	provider  *provider
	deny      []*regexp.Regexp
	mask      []*regexp.Regexp
	system    string
	accessLog *template.Template
	tokens    sdk.Counter
	requests  sdk.Counter
}

func (r *root) OnConfigure(size int) bool {
	if size == 0 {
		sdk.Infof("ai-gateway: no configuration: passing traffic through")
		return true
	}
	raw, err := sdk.GetPluginConfiguration()
	if err == nil {
		err = r.configure(raw)
	}
	if err != nil {
		sdk.Errorf("ai-gateway: bad configuration: %v", err)
		return false
	}
	// Metrics are defined here, not in init(): the host forbids it during _initialize.
	r.tokens, _ = sdk.DefineCounter("ai_gateway_total_tokens")
	r.requests, _ = sdk.DefineCounter("ai_gateway_requests")
	sdk.Infof("ai-gateway: provider %s (%s), %d providers, %d deny and %d mask patterns",
		r.provider.cfg.ID, r.provider.cfg.Type, len(r.cfg.Providers), len(r.deny), len(r.mask))
	return true
}

func (r *root) configure(raw []byte) error {
	if err := json.Unmarshal(raw, &r.cfg); err != nil {
		return fmt.Errorf("not valid JSON: %w", err)
	}
	for i := range r.cfg.Providers {
		p, err := newProvider(r.cfg.Providers[i])
		if err != nil {
			return err
		}
		if p.cfg.ID == r.cfg.ActiveProvider {
			r.provider = p
		}
	}
	if r.provider == nil {
		return fmt.Errorf("activeProvider %q is not among the %d providers", r.cfg.ActiveProvider, len(r.cfg.Providers))
	}
	for _, p := range append(builtinDeny, r.cfg.Deny...) {
		re, err := regexp.Compile(p)
		if err != nil {
			return fmt.Errorf("deny pattern %q: %w", p, err)
		}
		r.deny = append(r.deny, re)
	}
	for _, name := range sortedKeys(r.cfg.Mask) {
		re, err := regexp.Compile(r.cfg.Mask[name])
		if err != nil {
			return fmt.Errorf("mask pattern %s: %w", name, err)
		}
		r.mask = append(r.mask, re)
	}
	if r.cfg.SystemPrompt != "" {
		t, err := template.New("system").Option("missingkey=error").Parse(r.cfg.SystemPrompt)
		if err != nil {
			return fmt.Errorf("systemPrompt: %w", err)
		}
		if r.system, err = render(t, r.cfg.PromptVars); err != nil {
			return fmt.Errorf("systemPrompt: %w", err)
		}
	}
	if r.cfg.AccessLog != "" {
		t, err := template.New("access").Parse(r.cfg.AccessLog)
		if err != nil {
			return fmt.Errorf("accessLog: %w", err)
		}
		r.accessLog = t
	}
	return nil
}

func (r *root) NewHttpContext(uint32) sdk.HttpContext {
	if r.provider == nil {
		return nil // the SDK's default context continues everything
	}
	return &stream{root: r}
}

// stream is one request/response; request.go and response.go hold its phases.
type stream struct {
	sdk.DefaultHttpContext
	root        *root
	route       route
	method      string
	model       string
	waitForBody bool
	sse         bool
	gzip        bool
	status      string
	tokens      int64
	events      codec.SSESplitter
}

func logIfErr(what string, err error) {
	if err != nil {
		sdk.Warnf("ai-gateway: %s: %v", what, err)
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
