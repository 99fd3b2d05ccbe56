// redis-ratelimit: a fixed-key request counter in Redis, using the Higress-only hostcalls
// proxy_redis_init / proxy_redis_call and the callback proxy_on_redis_call_response (reply in
// buffer type 9). Each request sends INCR <key> and waits; a count above the limit answers 429.
// Importing proxy_redis_* means the module cannot link on upstream Envoy.
//
// Config: {"cluster":"redis","limit":10,"key":"wasm-verify:ratelimit","timeoutMs":1000}
// (defaults shown). Redis trouble (init or call failure, error reply) fails open: the request
// goes on and a warning is logged, as rate limiters usually do.
package main

import (
	"encoding/json"
	"strconv"

	"wasmverify.dev/samples/sdk"
	"wasmverify.dev/samples/sdk/codec"
)

func main() {}

func init() {
	sdk.SetNewRootContext(func(uint32) sdk.RootContext {
		return &root{
			cfg:     config{Cluster: "redis", Limit: 10, Key: "wasm-verify:ratelimit", TimeoutMs: 1000},
			pending: sdk.Waiters[*stream]{},
		}
	})
}

type config struct {
	Cluster   string `json:"cluster"`
	Limit     int64  `json:"limit"`
	Key       string `json:"key"`
	TimeoutMs uint32 `json:"timeoutMs"`
}

type root struct {
	sdk.DefaultRootContext
	cfg     config
	ready   bool
	pending sdk.Waiters[*stream] // redis token -> waiting stream (replies come to the root)
}

func (r *root) OnConfigure(size int) bool {
	if size > 0 {
		raw, err := sdk.GetPluginConfiguration()
		if err == nil {
			err = json.Unmarshal(raw, &r.cfg)
		}
		if err != nil {
			sdk.Errorf("redis-ratelimit: bad configuration: %v", err)
			return false
		}
	}
	if err := sdk.RedisInit(r.cfg.Cluster, "", "", r.cfg.TimeoutMs); err != nil {
		sdk.Warnf("redis-ratelimit: redis cluster %q unusable (%v): requests will not be limited", r.cfg.Cluster, err)
		return true
	}
	r.ready = true
	sdk.Infof("redis-ratelimit: %d requests per key %q via %s", r.cfg.Limit, r.cfg.Key, r.cfg.Cluster)
	return true
}

func (r *root) NewHttpContext(id uint32) sdk.HttpContext { return &stream{root: r, id: id} }

type stream struct {
	sdk.WaitingStream
	root *root
	id   uint32
}

func (s *stream) OnRequestHeaders(int, bool) sdk.Action {
	r := s.root
	if !r.ready {
		return sdk.Continue
	}
	token, err := sdk.RedisCall(r.cfg.Cluster, codec.EncodeRESPCommand("INCR", r.cfg.Key))
	if err != nil {
		sdk.Warnf("redis-ratelimit: INCR failed (%v): not limiting", err)
		return sdk.Continue
	}
	r.pending[token] = s
	s.Waiting = true
	return sdk.StopIteration
}

func (s *stream) OnDelete() { s.root.pending.Forget(s) }

func (r *root) OnRedisCallResponse(token, status uint32, size int) {
	s, ok := r.pending.Take(token)
	if !ok {
		return
	}
	reply, err := sdk.GetRedisCallResponse(size) // buffer 9 belongs to this call: read it first
	if err := sdk.SetEffectiveContext(s.id); err != nil {
		sdk.Warnf("redis-ratelimit: stream %d is gone: %v", s.id, err)
		return
	}
	s.Waiting = false
	var count int64
	if status != 0 {
		err = errRedisStatus(status)
	} else if err == nil {
		count, err = codec.DecodeRESPInteger(reply)
	}
	if err == nil && count > r.cfg.Limit {
		sdk.Infof("redis-ratelimit: %d requests > limit %d: 429", count, r.cfg.Limit)
		if err := sdk.SendHttpResponse(429, "redis_ratelimit_exceeded", nil, []byte("too many requests")); err != nil {
			sdk.Errorf("redis-ratelimit: local reply failed: %v", err)
		}
		return
	}
	if err != nil {
		sdk.Warnf("redis-ratelimit: no count (%v): not limiting", err)
	}
	if err := sdk.ResumeHttpRequest(); err != nil {
		sdk.Errorf("redis-ratelimit: resuming the request: %v", err)
	}
}

// errRedisStatus is a non-Ok RedisStatus (1 = network error).
type errRedisStatus uint32

func (e errRedisStatus) Error() string {
	if e == 1 {
		return "redis network error"
	}
	return "redis status " + strconv.Itoa(int(e))
}
