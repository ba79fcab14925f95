package receiver

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// ForwardMode says what happens to a request when the forwarding queue is
// full.
type ForwardMode string

const (
	// ForwardDrop (the default) accepts the request for checking and
	// counts it as forward_dropped: the client is never slowed down, and
	// the loss is counted, logged and reported.
	ForwardDrop ForwardMode = "drop"
	// ForwardBlock refuses the request with a retryable error (HTTP 503,
	// gRPC UNAVAILABLE) so the client keeps it and retries: nothing is
	// lost, and nothing refused is counted by the checker.
	ForwardBlock ForwardMode = "block"
)

// RetryConfig is the backoff toward the forward endpoint, as the
// Collector's exporterhelper does it: exponential from Initial up to Max,
// with jitter, giving up MaxElapsed after the first attempt.
type RetryConfig struct {
	Initial    time.Duration
	Max        time.Duration
	MaxElapsed time.Duration
}

// Defaults of the forwarding queue.
const (
	DefaultForwardQueueRequests = 1000
	DefaultForwardQueueBytes    = 64 << 20
	DefaultForwardTimeout       = 10 * time.Second
	defaultForwardConsumers     = 4
)

// DefaultRetry is the backoff used when Config.ForwardRetry is zero.
var DefaultRetry = RetryConfig{Initial: 200 * time.Millisecond, Max: 5 * time.Second, MaxElapsed: time.Minute}

// forwardItem is one request waiting to be forwarded. b is owned by the
// queue: the transports hand over buffers they no longer use.
type forwardItem struct {
	sig Signal
	b   []byte
}

// errPermanent marks a forwarding error that a retry cannot fix (the
// endpoint refused the request itself).
type errPermanent struct{ err error }

func (e errPermanent) Error() string { return e.err.Error() }
func (e errPermanent) Unwrap() error { return e.err }

// errRetryAfter is a retryable error with the delay the endpoint asked for.
type errRetryAfter struct {
	err   error
	delay time.Duration
}

func (e errRetryAfter) Error() string { return e.err.Error() }
func (e errRetryAfter) Unwrap() error { return e.err }

// forwardQueue decouples forwarding from the answer to the client: the
// transports put requests in, consumers send them with retries and
// backoff. It is bounded in requests and in bytes.
type forwardQueue struct {
	fwd      forwarder
	timeout  time.Duration
	retry    RetryConfig
	maxBytes int64
	r        *Receiver // for statistics and logging

	items  chan forwardItem
	bytes  atomic.Int64 // bytes queued or being sent
	closed bool         // under mu: no more puts
	mu     sync.RWMutex

	// abort ends the retries of the consumers: Shutdown's drain is over.
	abortCtx context.Context
	abort    context.CancelFunc
	done     sync.WaitGroup
}

func newForwardQueue(r *Receiver, fwd forwarder) *forwardQueue {
	cfg := r.cfg
	q := &forwardQueue{
		fwd: fwd, timeout: cfg.ForwardTimeout, retry: cfg.ForwardRetry, maxBytes: cfg.ForwardQueueBytes, r: r,
		items: make(chan forwardItem, cfg.ForwardQueueRequests),
	}
	q.abortCtx, q.abort = context.WithCancel(context.Background())
	for range defaultForwardConsumers {
		q.done.Go(q.consume)
	}
	return q
}

// put queues b for forwarding and reports whether there was room.
func (q *forwardQueue) put(sig Signal, b []byte) bool {
	q.mu.RLock()
	defer q.mu.RUnlock()
	if q.closed {
		return false
	}
	// A request larger than the whole byte bound is taken when the queue
	// is empty, so a small bound slows big requests down but never refuses
	// them for ever.
	n := int64(len(b))
	if total := q.bytes.Add(n); total > q.maxBytes && total != n {
		q.bytes.Add(-n)
		return false
	}
	select {
	case q.items <- forwardItem{sig, b}:
		return true
	default:
		q.bytes.Add(-n)
		return false
	}
}

func (q *forwardQueue) consume() {
	for it := range q.items {
		err := q.send(it)
		st := q.r.statsFor(it.sig)
		if err != nil {
			st.forwardFailed.Add(1)
			if q.r.failEpisode.begin() {
				q.r.cfg.Logger.Warn("forwarding failed; requests that cannot be forwarded are counted as forward_failed",
					"endpoint", q.r.cfg.Forward, "signal", it.sig.String(), "err", err)
			}
		} else {
			st.forwarded.Add(1)
			if q.r.failEpisode.end() {
				t := q.r.Totals()
				q.r.cfg.Logger.Warn("forwarding works again", "endpoint", q.r.cfg.Forward,
					"forward_failed", t.ForwardFailed, "forward_dropped", t.ForwardDropped)
			}
		}
		q.bytes.Add(-int64(len(it.b)))
	}
}

// send forwards one request, retrying retryable errors with backoff until
// RetryConfig.MaxElapsed passes or the queue is aborted.
func (q *forwardQueue) send(it forwardItem) error {
	start := time.Now()
	wait := q.retry.Initial
	for {
		if err := q.abortCtx.Err(); err != nil {
			return errors.New("not forwarded before the receiver stopped")
		}
		ctx, cancel := context.WithTimeout(q.abortCtx, q.timeout)
		err := q.fwd.forward(ctx, it.sig, it.b)
		cancel()
		if err == nil {
			return nil
		}
		if _, ok := errors.AsType[errPermanent](err); ok {
			return err
		}
		delay := wait + rand.N(wait/2+1) // jitter, so consumers do not retry in step
		if ra, ok := errors.AsType[errRetryAfter](err); ok && ra.delay > 0 {
			delay = ra.delay
		}
		if time.Since(start)+delay > q.retry.MaxElapsed {
			return err
		}
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-q.abortCtx.Done():
			t.Stop()
			return err
		}
		wait = min(2*wait, q.retry.Max)
	}
}

// close stops taking requests and waits until every queued request has
// been forwarded or, once ctx ends, given up (counted as forward_failed).
func (q *forwardQueue) close(ctx context.Context) error {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.items)
	}
	q.mu.Unlock()
	drained := make(chan struct{})
	go func() { q.done.Wait(); close(drained) }()
	select {
	case <-drained:
		q.abort()
		return nil
	case <-ctx.Done():
		q.abort()
		<-drained
		return ctx.Err()
	}
}

// episode is a run of failures of one kind, so that a run is logged once
// when it begins and once when it ends instead of a line per request.
type episode struct{ on atomic.Bool }

// begin reports whether this failure starts a new episode.
func (e *episode) begin() bool { return e.on.CompareAndSwap(false, true) }

// end reports whether this success ends an episode.
func (e *episode) end() bool { return e.on.CompareAndSwap(true, false) }
