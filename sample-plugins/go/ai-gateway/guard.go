package main

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"image"
	_ "image/gif" // decoders for inline images in vision requests
	_ "image/jpeg"
	_ "image/png"
	"strings"

	"wasmverify.dev/samples/sdk"
)

// builtinDeny: prompt-injection and secret-exfiltration patterns every deployment gets, compiled
// at configure time with the configured ones (ai-security-guard ships such a list).
var builtinDeny = []string{
	`(?i)\bdisregard (all|any) (prior|previous) (rules|instructions)\b`,
	`(?i)\byou are now (DAN|in developer mode)\b`,
	`(?i)\bprint (the|your) (hidden|system) (prompt|instructions)\b`,
	`(?i)\b(aws_secret_access_key|BEGIN (RSA|EC|OPENSSH) PRIVATE KEY)\b`,
	`\b\d{3}-\d{2}-\d{4}\b`,                     // US SSN
	`\b(?:\d[ -]?){13,16}\b`,                   // card numbers (checked again with Luhn)
	`(?i)\bjailbreak\b`,
}

// denyPage is the body of the local 400 when a prompt matches a deny pattern.
var denyPage = template.Must(template.New("deny").Parse(
	`<!doctype html><title>{{.Status}}</title><h1>{{.Status}}</h1><p>The request was refused: {{.Reason}}</p>`))

// prompts returns the text of every message (string content or text parts) and inline images.
func prompts(messages []message) (texts []string, images []string) {
	for _, m := range messages {
		switch c := m.Content.(type) {
		case string:
			texts = append(texts, c)
		case []any:
			for _, part := range c {
				p, _ := part.(map[string]any)
				if t, ok := p["text"].(string); ok {
					texts = append(texts, t)
				}
				if iu, ok := p["image_url"].(map[string]any); ok {
					if u, ok := iu["url"].(string); ok {
						images = append(images, u)
					}
				}
			}
		}
	}
	return texts, images
}

// denied names the first deny pattern a prompt matches ("" when none does).
func (r *root) denied(texts []string) string {
	for _, t := range texts {
		for _, re := range r.deny {
			if re.MatchString(t) && (!strings.Contains(re.String(), `\d[ -]`) || luhn(t)) {
				return re.String()
			}
		}
	}
	return ""
}

// imageTooLarge decodes the header of each data: URL image and compares its pixel count.
func (r *root) imageTooLarge(urls []string) string {
	for _, u := range urls {
		comma := strings.IndexByte(u, ',')
		if !strings.HasPrefix(u, "data:image/") || comma < 0 {
			continue
		}
		raw, err := base64.StdEncoding.DecodeString(u[comma+1:])
		if err != nil {
			return "an inline image is not valid base64"
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
		if err != nil {
			return "an inline image cannot be decoded: " + err.Error()
		}
		if r.cfg.MaxImagePixels > 0 && cfg.Width*cfg.Height > r.cfg.MaxImagePixels {
			return format + " image too large"
		}
	}
	return ""
}

// statusText: the reason phrases of the local replies.
var statusText = map[int]string{400: "Bad Request", 413: "Request Entity Too Large"}

// refuse answers the request locally with an HTML page.
func refuse(status int, reason string) {
	var page bytes.Buffer
	_ = denyPage.Execute(&page, map[string]string{"Status": statusText[status], "Reason": reason})
	headers := []sdk.Pair{{Key: "content-type", Value: "text/html; charset=utf-8"}, {Key: "x-ai-gateway", Value: "refused"}}
	logIfErr("sending the local reply", sdk.SendHttpResponse(uint32(status), "ai_gateway_refused", headers, page.Bytes()))
}

func luhn(s string) bool {
	sum, n, double := 0, 0, false
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			continue
		}
		d := int(c - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum, n, double = sum+d, n+1, !double
	}
	return n >= 13 && sum%10 == 0
}
