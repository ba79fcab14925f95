package receiver

import (
	"context"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// byteBudget bounds the bytes of requests being read, decoded and checked
// at once, as the Collector's memory limiter bounds its pipeline: a request
// that does not fit is refused with a retryable error (HTTP 429, gRPC
// RESOURCE_EXHAUSTED) before it costs memory, and the client sends it again
// later.
//
// When the budget empties after a burst that used much of it, the memory
// is handed back to the operating system once the receiver has been idle
// for idleRelease: Go's heap would otherwise keep the burst's pages for
// minutes.
type byteBudget struct {
	limit int64
	used  atomic.Int64

	mu           sync.Mutex
	freed        chan struct{} // closed and replaced whenever bytes are given back
	peak         int64         // most bytes used since the last release
	timer        *time.Timer
	release      func() // debug.FreeOSMemory, or a test's probe
	releaseAbove int64
}

const (
	// idleRelease is how long the budget must stay empty before memory is
	// returned to the OS.
	idleRelease = time.Second
	// releaseAbove is the peak below which a burst is not worth a release
	// (FreeOSMemory runs a full GC).
	releaseAbove = 32 << 20
)

func newByteBudget(limit int64, release func()) *byteBudget {
	if release == nil {
		release = freeOSMemory
	}
	return &byteBudget{limit: limit, release: release, releaseAbove: releaseAbove, freed: make(chan struct{})}
}

// acquire takes n bytes from the budget and reports whether they fit. A
// request larger than the whole budget still gets it when the budget is
// empty, so a limit below MaxRequestBytes slows big requests down rather
// than refusing them for ever.
func (b *byteBudget) acquire(n int64) bool {
	if n <= 0 {
		return true
	}
	used := b.used.Add(n)
	if used > b.limit && used != n {
		b.used.Add(-n)
		return false
	}
	if used >= b.releaseAbove {
		b.mu.Lock()
		b.peak = max(b.peak, used)
		if b.timer != nil {
			b.timer.Stop()
		}
		b.mu.Unlock()
	}
	return true
}

// acquireWait is acquire that waits up to wait for room, so a burst is
// served in turn instead of refused and re-sent: a request waiting here
// costs a goroutine, not its body, which is not read yet.
func (b *byteBudget) acquireWait(ctx context.Context, n int64, wait time.Duration) bool {
	if b.acquire(n) {
		return true
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	for {
		b.mu.Lock()
		freed := b.freed
		b.mu.Unlock()
		if b.acquire(n) {
			return true
		}
		select {
		case <-freed:
		case <-t.C:
			return b.acquire(n)
		case <-ctx.Done():
			return false
		}
	}
}

// free gives n bytes back.
func (b *byteBudget) free(n int64) {
	if n <= 0 {
		return
	}
	left := b.used.Add(-n)
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.freed)
	b.freed = make(chan struct{})
	if left != 0 {
		return
	}
	if b.peak < b.releaseAbove {
		return
	}
	if b.timer == nil {
		b.timer = time.AfterFunc(idleRelease, b.releaseIfIdle)
	} else {
		b.timer.Reset(idleRelease)
	}
}

func (b *byteBudget) releaseIfIdle() {
	b.mu.Lock()
	idle := b.used.Load() == 0 && b.peak >= b.releaseAbove
	if idle {
		b.peak = 0
	}
	b.mu.Unlock()
	if idle {
		b.release()
	}
}

// stop cancels a pending release.
func (b *byteBudget) stop() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.timer != nil {
		b.timer.Stop()
	}
}

// freeOSMemory returns the heap's free memory to the OS. It collects twice:
// objects in sync.Pools (the checker's per-request state, decode buffers)
// survive one collection in the pools' victim caches.
func freeOSMemory() {
	runtime.GC()
	debug.FreeOSMemory()
}

// reservation is the part of the budget one request holds; it grows as the
// request's body is read and is given back at once when the request ends.
type reservation struct {
	b    *byteBudget
	held atomic.Int64
}

func (b *byteBudget) reserve() *reservation { return &reservation{b: b} }

// growWait is grow that waits up to wait for room (see acquireWait).
func (r *reservation) growWait(ctx context.Context, n int64, wait time.Duration) bool {
	d := n - r.held.Load()
	if d <= 0 {
		return true
	}
	if !r.b.acquireWait(ctx, d, wait) {
		return false
	}
	r.held.Add(d)
	return true
}

// grow raises the reservation to n bytes, if they fit.
func (r *reservation) grow(n int64) bool {
	d := n - r.held.Load()
	if d <= 0 {
		return true
	}
	if !r.b.acquire(d) {
		return false
	}
	r.held.Add(d)
	return true
}

// add takes n more bytes, if they fit.
func (r *reservation) add(n int64) bool {
	if !r.b.acquire(n) {
		return false
	}
	r.held.Add(n)
	return true
}

// sub gives n bytes back early.
func (r *reservation) sub(n int64) {
	r.held.Add(-n)
	r.b.free(n)
}

// done gives everything back; the reservation must not be used again.
func (r *reservation) done() { r.b.free(r.held.Swap(0)) }
