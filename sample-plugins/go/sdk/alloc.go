package sdk

import "unsafe"

// The host returns data (header values, bodies, configuration) by calling
// proxy_on_memory_allocate for the exact size, copying into it, and writing the pointer and
// size into our out-params. The host frees nothing.
//
// Choice: each allocation is an ordinary Go slice kept reachable in `handedOut`, keyed by its
// address, so the GC cannot free it while the host writes into it. The wrapper that made the
// hostcall then claims the slice by the pointer the host wrote back (claim), which drops it from
// the map: from there on it is a normal Go value, collected when the plugin lets go of it. Go's
// heap does not move objects, so the address stays valid. An allocation the host never reports
// back (a hostcall that fails after allocating) stays in the map; that is a leak of one buffer
// per such failure, acceptable for sample plugins.
var handedOut = map[uint32][]byte{}

//go:wasmexport proxy_on_memory_allocate
func proxyOnMemoryAllocate(size uint32) *byte {
	buf := make([]byte, max(size, 1)) // never hand out a zero-size object (they share one address)
	p := unsafe.SliceData(buf)
	handedOut[addr(p)] = buf
	return p
}

// claim takes back the allocation the host reported as (ptr, size). Zero size means the host
// skipped the allocator (reference §8: empty results are written as 0, 0).
func claim(ptr, size uint32) []byte {
	if size == 0 {
		return nil
	}
	buf, ok := handedOut[ptr]
	if !ok || int(size) > len(buf) {
		// A host that writes a pointer it did not get from the allocator breaks the ABI; crash
		// loudly so the verifier's own host bugs cannot hide.
		panic("sdk: host returned memory proxy_on_memory_allocate did not hand out")
	}
	delete(handedOut, ptr)
	return buf[:size]
}

// addr is the wasm32 address of p (Go's wasm pointers are 64-bit, the host's are 32-bit).
func addr(p *byte) uint32 {
	return uint32(uintptr(unsafe.Pointer(p)))
}

// bytesPtr and strPtr give the host a pointer to data (nil for empty, which the host accepts
// with size 0).
func bytesPtr(b []byte) *byte { return unsafe.SliceData(b) }
func strPtr(s string) *byte   { return unsafe.StringData(s) }
