package codec

import "strings"

// EncodePropertyPath joins path segments with a single NUL and no trailing NUL, e.g.
// ["request", "headers", "x-a"] → "request\x00headers\x00x-a" (reference §8).
func EncodePropertyPath(segments ...string) []byte {
	return []byte(strings.Join(segments, "\x00"))
}
