package main

import (
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"
	"text/template"
	"time"
)

// route is what the request path asks for, found by the API patterns below.
type route struct {
	api  string // chat, embeddings, audio, models, or "" (not an LLM API: passed through)
	path string
}

// apiPaths are the OpenAI-compatible paths every provider accepts, as ai-proxy lists them.
var apiPaths = map[string]string{
	"/v1/chat/completions":     "chat",
	"/v1/completions":          "chat",
	"/v1/embeddings":           "embeddings",
	"/v1/audio/transcriptions": "audio",
	"/v1/audio/speech":         "audio",
	"/v1/images/generations":   "images",
	"/v1/models":               "models",
}

// providerKinds: how each provider type rewrites a request (host, path template, auth).
var providerKinds = map[string]struct {
	host string
	path string // text/template over {{.Model}} {{.API}}
	auth string // bearer, sigv4
}{
	"openai":  {"api.openai.com", "/v1/{{.API}}", "bearer"},
	"qwen":    {"dashscope.aliyuncs.com", "/compatible-mode/v1/{{.API}}", "bearer"},
	"azure":   {"example.openai.azure.com", "/openai/deployments/{{.Model}}/{{.API}}?api-version=2024-02-01", "bearer"},
	"bedrock": {"bedrock-runtime.{{.Region}}.amazonaws.com", "/model/{{.Model}}/converse", "sigv4"},
	"vertex":  {"aiplatform.googleapis.com", "/v1/projects/p/locations/l/publishers/google/models/{{.Model}}:generateContent", "bearer"},
}

type provider struct {
	cfg      providerConfig
	host     string
	path     *template.Template
	auth     string
	patterns []modelPattern
	key      *rsa.PrivateKey
}

type modelPattern struct {
	glob string
	to   string
}

func newProvider(c providerConfig) (*provider, error) {
	kind, ok := providerKinds[c.Type]
	if !ok {
		return nil, fmt.Errorf("provider %s: unknown type %q", c.ID, c.Type)
	}
	p := &provider{cfg: c, host: strings.ReplaceAll(kind.host, "{{.Region}}", c.Region), auth: kind.auth}
	var err error
	if p.path, err = template.New(c.ID).Parse(kind.path); err != nil {
		return nil, err
	}
	for glob, to := range c.ModelMapping {
		if _, err := path.Match(glob, ""); err != nil {
			return nil, fmt.Errorf("provider %s: model pattern %q: %w", c.ID, glob, err)
		}
		p.patterns = append(p.patterns, modelPattern{glob, to})
	}
	// Longer (more specific) patterns first; "*" last.
	sort.Slice(p.patterns, func(i, j int) bool {
		if len(p.patterns[i].glob) != len(p.patterns[j].glob) {
			return len(p.patterns[i].glob) > len(p.patterns[j].glob)
		}
		return p.patterns[i].glob < p.patterns[j].glob
	})
	if c.ServiceKey != "" {
		block, _ := pem.Decode([]byte(c.ServiceKey))
		if block == nil {
			return nil, fmt.Errorf("provider %s: serviceAccountKey is not PEM", c.ID)
		}
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("provider %s: serviceAccountKey: %w", c.ID, err)
		}
		if p.key, ok = k.(*rsa.PrivateKey); !ok {
			return nil, fmt.Errorf("provider %s: serviceAccountKey is not an RSA key", c.ID)
		}
	}
	return p, nil
}

// routeOf classifies the request path (query ignored).
func routeOf(raw string) route {
	u, err := url.ParseRequestURI(raw)
	if err != nil {
		return route{}
	}
	return route{api: apiPaths[path.Clean(u.Path)], path: u.Path}
}

// mapModel applies modelMapping: exact names and globs, most specific first.
func (p *provider) mapModel(model string) (string, bool) {
	for _, m := range p.patterns {
		if ok, _ := path.Match(m.glob, model); ok {
			return m.to, m.to != model
		}
	}
	return "", false
}

// upstreamPath renders the provider's path for one request.
func (p *provider) upstreamPath(api, model string) string {
	out, err := render(p.path, map[string]string{"API": strings.TrimPrefix(api, "/v1/"), "Model": url.PathEscape(model), "Region": p.cfg.Region})
	if err != nil {
		return ""
	}
	return out
}

// sigV4 signs the request as AWS Signature Version 4 does (bedrock), over a fixed clock so the
// output is reproducible.
func (p *provider) sigV4(method, host, pathAndQuery string, body []byte) (string, string) {
	amzDate := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Format("20060102T150405Z")
	day := amzDate[:8]
	payload := sha256.Sum256(body)
	u, _ := url.Parse(pathAndQuery)
	canonical := strings.Join([]string{method, u.EscapedPath(), u.Query().Encode(), "host:" + host + "\nx-amz-date:" + amzDate + "\n", "host;x-amz-date", hex.EncodeToString(payload[:])}, "\n")
	scope := day + "/" + p.cfg.Region + "/bedrock/aws4_request"
	digest := sha256.Sum256([]byte(canonical))
	toSign := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(digest[:])
	key := []byte("AWS4" + p.cfg.SecretKey)
	for _, part := range []string{day, p.cfg.Region, "bedrock", "aws4_request"} {
		key = hmacSHA256(key, part)
	}
	sig := hex.EncodeToString(hmacSHA256(key, toSign))
	return "AWS4-HMAC-SHA256 Credential=" + p.cfg.AccessKey + "/" + scope + ", SignedHeaders=host;x-amz-date, Signature=" + sig, amzDate
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

func render(t *template.Template, data any) (string, error) {
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", err
	}
	return b.String(), nil
}
