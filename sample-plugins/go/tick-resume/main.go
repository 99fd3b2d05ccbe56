// tick-resume: pauses every request in its headers callback and resumes all paused requests
// on the next timer tick (every 100 ms). It shows a stream resumed by a timer rather than by
// its own callbacks: a correct emulator must deliver the tick, not report a hang.
//
// The timer is armed in proxy_on_vm_start (the host refuses the call during _initialize).
// On ABI 0.2.100 the body keeps arriving while the headers are held; it is buffered until the
// tick, so nothing leaks upstream before the resume. No configuration.
package main

import (
	"sort"

	"wasmverify.dev/samples/sdk"
)

const tickMs = 100

func main() {}

func init() {
	sdk.SetNewRootContext(func(uint32) sdk.RootContext { return &root{paused: map[uint32]*stream{}} })
}

type root struct {
	sdk.DefaultRootContext
	paused map[uint32]*stream
}

func (r *root) OnVMStart(int) bool {
	if err := sdk.SetTickPeriod(tickMs); err != nil {
		sdk.Errorf("tick-resume: cannot arm the timer: %v", err)
		return false
	}
	return true
}

func (r *root) NewHttpContext(id uint32) sdk.HttpContext { return &stream{root: r, id: id} }

// OnTick resumes every paused stream, oldest id first (map order is random).
func (r *root) OnTick() {
	ids := make([]uint32, 0, len(r.paused))
	for id := range r.paused {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		s := r.paused[id]
		delete(r.paused, id)
		s.Waiting = false
		if err := sdk.SetEffectiveContext(id); err != nil {
			sdk.Warnf("tick-resume: stream %d is gone: %v", id, err)
			continue
		}
		if err := sdk.ResumeHttpRequest(); err != nil {
			sdk.Errorf("tick-resume: resuming stream %d: %v", id, err)
			continue
		}
		sdk.Infof("tick-resume: resumed stream %d", id)
	}
}

type stream struct {
	sdk.WaitingStream
	root *root
	id   uint32
}

func (s *stream) OnRequestHeaders(int, bool) sdk.Action {
	s.Waiting = true
	s.root.paused[s.id] = s
	return sdk.StopIteration
}

func (s *stream) OnDelete() { delete(s.root.paused, s.id) }
