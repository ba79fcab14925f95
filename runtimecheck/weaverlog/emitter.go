package weaverlog

import (
	"context"
	"sync"
	"time"

	"github.com/otellint/otellint/runtimecheck"
)

// SendFunc delivers entries. At a report tick and at Stop, r is the
// snapshot the aggregates were taken from (for statistics) and entries may
// be empty; for first sightings sent between ticks r is nil. The emitter
// calls it from one goroutine at a time.
type SendFunc func(ctx context.Context, entries []Entry, r *runtimecheck.Report)

// Emitter runs the cadence over a checker: first sightings are queued by
// Finding (the checker's OnNewFinding callback, which must not wait for a
// network) and sent at once from the emitter's goroutine; every interval
// the findings that occurred again are sent with their aggregated counts;
// Stop sends a last report. The Collector component and
// `otellint live --emit-otlp-logs` share it, so their outputs keep the same
// cadence.
type Emitter struct {
	checker  *runtimecheck.Checker
	pacer    *Pacer
	interval time.Duration
	send     SendFunc

	mu      sync.Mutex
	pending []Entry
	started bool

	wake     chan struct{}
	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

// NewEmitter returns an emitter of c's findings at or above min, with
// aggregates every interval. Wire its Finding method into
// c.OnNewFinding, then Start it.
func NewEmitter(c *runtimecheck.Checker, min runtimecheck.Level, interval time.Duration, send SendFunc) *Emitter {
	return &Emitter{
		checker: c, pacer: NewPacer(min), interval: interval, send: send,
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
	}
}

// Finding queues the first sighting of f; it never blocks.
func (e *Emitter) Finding(f runtimecheck.Finding) {
	ent, ok := e.pacer.FirstSeen(f, time.Now())
	if !ok {
		return
	}
	e.mu.Lock()
	e.pending = append(e.pending, ent)
	e.mu.Unlock()
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// Start starts the emitter's goroutine; later calls do nothing.
func (e *Emitter) Start() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.started {
		return
	}
	e.started = true
	go e.run()
}

// Stop sends the last report and stops the goroutine, waiting for them
// until ctx ends. It may be called more than once, and without Start (then
// it sends nothing).
func (e *Emitter) Stop(ctx context.Context) error {
	e.mu.Lock()
	started := e.started
	e.mu.Unlock()
	if !started {
		return nil
	}
	e.stopOnce.Do(func() { close(e.stop) })
	select {
	case <-e.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (e *Emitter) run() {
	defer close(e.done)
	t := time.NewTicker(e.interval)
	defer t.Stop()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for {
		select {
		case <-e.wake:
			if ents := e.takePending(); len(ents) > 0 {
				e.send(ctx, ents, nil)
			}
		case <-t.C:
			e.checker.ExpireTraces() // traces idle for the window, even when no span arrives
			e.report(ctx)
		case <-e.stop:
			e.checker.FlushTraces() // the end completes every open trace
			e.report(ctx)
			return
		}
	}
}

func (e *Emitter) takePending() []Entry {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := e.pending
	e.pending = nil
	return p
}

// report sends the queued first sightings and the aggregates due.
func (e *Emitter) report(ctx context.Context) {
	r := e.checker.Snapshot()
	e.send(ctx, append(e.takePending(), e.pacer.Due(r, time.Now())...), r)
}
