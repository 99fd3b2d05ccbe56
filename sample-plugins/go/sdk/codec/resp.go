package codec

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// EncodeRESPCommand encodes a Redis command as a RESP array of bulk strings, the form Redis
// servers accept: *<n>\r\n then $<len>\r\n<arg>\r\n per argument.
func EncodeRESPCommand(args ...string) []byte {
	var b strings.Builder
	b.WriteString("*" + strconv.Itoa(len(args)) + "\r\n")
	for _, a := range args {
		b.WriteString("$" + strconv.Itoa(len(a)) + "\r\n" + a + "\r\n")
	}
	return []byte(b.String())
}

// ErrRESPError is wrapped when the reply is a RESP error ("-ERR ...").
var ErrRESPError = errors.New("redis error reply")

// DecodeRESPInteger reads a RESP integer reply (":5\r\n"), the answer to INCR.
func DecodeRESPInteger(b []byte) (int64, error) {
	s := string(b)
	if strings.HasPrefix(s, "-") {
		return 0, fmt.Errorf("%w: %s", ErrRESPError, strings.TrimSpace(s[1:]))
	}
	if !strings.HasPrefix(s, ":") || !strings.HasSuffix(s, "\r\n") {
		return 0, errors.New("not a RESP integer reply: " + strconv.Quote(s))
	}
	return strconv.ParseInt(s[1:len(s)-2], 10, 64)
}
