package codec

import "strings"

// SSESplitter cuts a text/event-stream body, delivered in arbitrary chunks, into complete
// events. An event ends at a blank line; the text after the last blank line is kept until a
// later chunk completes it (an event split across two body chunks is common upstream).
type SSESplitter struct {
	partial string
}

// Push adds a chunk and returns the data payloads of the events it completed, in order. Each
// payload is the event's "data:" lines joined with "\n" (the SSE rule); events without data
// (comments, retry hints) are dropped.
func (s *SSESplitter) Push(chunk []byte) []string {
	text := strings.ReplaceAll(s.partial+string(chunk), "\r\n", "\n")
	blocks := strings.Split(text, "\n\n")
	s.partial = blocks[len(blocks)-1]
	var out []string
	for _, block := range blocks[:len(blocks)-1] {
		if data, ok := eventData(block); ok {
			out = append(out, data)
		}
	}
	return out
}

// Pending is the text of the incomplete event held back so far.
func (s *SSESplitter) Pending() string { return s.partial }

func eventData(block string) (string, bool) {
	var data []string
	for _, line := range strings.Split(block, "\n") {
		if v, ok := strings.CutPrefix(line, "data:"); ok {
			data = append(data, strings.TrimPrefix(v, " "))
		}
	}
	return strings.Join(data, "\n"), len(data) > 0
}
