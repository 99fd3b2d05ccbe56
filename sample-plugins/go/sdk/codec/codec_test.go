package codec

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

func TestPairsRoundTrip(t *testing.T) {
	in := []Pair{{":method", "GET"}, {"x-a", ""}, {"x-a", "2"}}
	b := EncodePairs(in)
	if want := 4 + (8 + 7 + 1 + 3 + 1) + (8 + 3 + 1 + 0 + 1) + (8 + 3 + 1 + 1 + 1); len(b) != want {
		t.Fatalf("size %d, want %d", len(b), want)
	}
	out, err := DecodePairs(b)
	if err != nil || !reflect.DeepEqual(out, in) {
		t.Fatalf("got %v %v", out, err)
	}
}

func TestPairsLayout(t *testing.T) {
	got := EncodePairs([]Pair{{"a", "1"}})
	want := []byte{1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 'a', 0, '1', 0}
	if !bytes.Equal(got, want) {
		t.Fatalf("got %v", got)
	}
}

func TestPairsEmptyAndMalformed(t *testing.T) {
	if p, err := DecodePairs(nil); err != nil || p != nil {
		t.Fatalf("empty: %v %v", p, err)
	}
	good := EncodePairs([]Pair{{"a", "1"}})
	for _, bad := range [][]byte{{0}, good[:len(good)-1], append(append([]byte{}, good...), 0)} {
		if _, err := DecodePairs(bad); err == nil {
			t.Fatalf("accepted %v", bad)
		}
	}
}

func TestPropertyPath(t *testing.T) {
	if got := string(EncodePropertyPath("request", "headers", "x-a")); got != "request\x00headers\x00x-a" {
		t.Fatalf("got %q", got)
	}
}

func TestRESP(t *testing.T) {
	if got := string(EncodeRESPCommand("INCR", "k")); got != "*2\r\n$4\r\nINCR\r\n$1\r\nk\r\n" {
		t.Fatalf("got %q", got)
	}
	if n, err := DecodeRESPInteger([]byte(":11\r\n")); err != nil || n != 11 {
		t.Fatalf("got %d %v", n, err)
	}
	if _, err := DecodeRESPInteger([]byte("-ERR wrong type\r\n")); !errors.Is(err, ErrRESPError) || err.Error() != "redis error reply: ERR wrong type" {
		t.Fatalf("error reply: %v", err)
	}
	for _, bad := range []string{"+OK\r\n", ":5"} {
		if _, err := DecodeRESPInteger([]byte(bad)); err == nil {
			t.Fatalf("accepted %q", bad)
		}
	}
}

func TestSSESplitAcrossChunks(t *testing.T) {
	var s SSESplitter
	if got := s.Push([]byte("data: {\"a\":1}\n\ndata: {\"b\"")); !reflect.DeepEqual(got, []string{`{"a":1}`}) {
		t.Fatalf("first: %v", got)
	}
	if s.Pending() != `data: {"b"` {
		t.Fatalf("pending %q", s.Pending())
	}
	got := s.Push([]byte(":2}\r\n\r\n: comment\n\ndata: [DONE]\n\n"))
	if !reflect.DeepEqual(got, []string{`{"b":2}`, "[DONE]"}) || s.Pending() != "" {
		t.Fatalf("second: %v pending %q", got, s.Pending())
	}
}
