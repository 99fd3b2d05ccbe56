package codec

import (
	"encoding/binary"
	"errors"
)

// Pair is one header (or metadata) entry. A map may repeat a key, so it is a list, not a Go map.
type Pair struct {
	Key, Value string
}

// EncodePairs serializes pairs the way the host parses them (pairs_util.cc):
// u32 count, count × (u32 key_len, u32 value_len), then each key and value followed by a NUL.
// All integers little-endian.
func EncodePairs(pairs []Pair) []byte {
	size := 4
	for _, p := range pairs {
		size += 8 + len(p.Key) + 1 + len(p.Value) + 1
	}
	out := make([]byte, size)
	binary.LittleEndian.PutUint32(out, uint32(len(pairs)))
	at := 4
	for _, p := range pairs {
		binary.LittleEndian.PutUint32(out[at:], uint32(len(p.Key)))
		binary.LittleEndian.PutUint32(out[at+4:], uint32(len(p.Value)))
		at += 8
	}
	for _, p := range pairs {
		at += copy(out[at:], p.Key) + 1 // the NUL is already there: make() zeroes
		at += copy(out[at:], p.Value) + 1
	}
	return out
}

// ErrMalformedPairs reports a pairs buffer that does not follow the layout exactly.
var ErrMalformedPairs = errors.New("malformed pairs buffer")

// DecodePairs parses a pairs buffer. Hosts answer an empty map with no bytes at all (ptr=0,
// size=0), so an empty input is an empty map, not an error. Unlike the host, which silently
// turns a bad buffer into zero pairs, we report it: a plugin author wants to know.
func DecodePairs(b []byte) ([]Pair, error) {
	if len(b) == 0 {
		return nil, nil
	}
	if len(b) < 4 {
		return nil, ErrMalformedPairs
	}
	n := int(binary.LittleEndian.Uint32(b))
	sizesEnd := 4 + 8*n
	if n < 0 || sizesEnd > len(b) {
		return nil, ErrMalformedPairs
	}
	pairs := make([]Pair, n)
	at := sizesEnd
	for i := range n {
		kl := int(binary.LittleEndian.Uint32(b[4+8*i:]))
		vl := int(binary.LittleEndian.Uint32(b[8+8*i:]))
		key, next, ok := field(b, at, kl)
		if !ok {
			return nil, ErrMalformedPairs
		}
		value, end, ok := field(b, next, vl)
		if !ok {
			return nil, ErrMalformedPairs
		}
		pairs[i] = Pair{Key: key, Value: value}
		at = end
	}
	if at != len(b) {
		return nil, ErrMalformedPairs
	}
	return pairs, nil
}

// field reads n bytes at b[at:] that must be followed by a NUL; it returns the text and the
// offset after the NUL.
func field(b []byte, at, n int) (string, int, bool) {
	if n < 0 || at+n >= len(b) || b[at+n] != 0 {
		return "", 0, false
	}
	return string(b[at : at+n]), at + n + 1, true
}
