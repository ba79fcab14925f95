package receiver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
)

// Receiver serves OTLP/gRPC and OTLP/HTTP and hands every request to a Sink.
type Receiver struct {
	cfg    Config
	sink   Sink
	queue  *forwardQueue // nil without Config.Forward
	budget *byteBudget

	mu         sync.Mutex
	started    bool
	stopped    bool
	grpcServer *grpc.Server
	httpServer *http.Server
	grpcAddr   net.Addr
	httpAddr   net.Addr
	serving    sync.WaitGroup

	// processing counts requests that have fully arrived and are not yet
	// answered: Shutdown always waits for them.
	processing activity
	// grpcEstimate is the running mean size of gRPC requests, reserved
	// from the budget when a stream opens, before its size is known.
	grpcEstimate atomic.Int64

	stats [len(Signals) + 1]signalStats

	failEpisode, dropEpisode, busyEpisode episode
}

type signalStats struct {
	requests, bytes, malformed, refused      atomic.Int64
	forwarded, forwardFailed, forwardDropped atomic.Int64
}

// Stats counts what a Receiver has seen for one signal. Under every fault,
// Requests == Forwarded + ForwardFailed + ForwardDropped once Shutdown has
// returned (with Config.Forward set).
type Stats struct {
	Requests  int64 // requests accepted and handed to the sink
	Bytes     int64 // protobuf bytes handed to the sink
	Malformed int64 // requests refused as malformed, by the transport or the sink
	// Refused counts requests answered with a retryable error and not
	// handed to the sink: bytes in flight over MaxBytesInFlight (HTTP 429,
	// gRPC RESOURCE_EXHAUSTED) or, with ForwardBlock, a full forwarding
	// queue (HTTP 503, gRPC UNAVAILABLE). The client still has them.
	Refused int64
	// Forwarded, ForwardFailed and ForwardDropped split the accepted
	// requests when forwarding: sent; given up after retries (or at
	// Shutdown); not queued because the queue was full (ForwardDrop).
	Forwarded      int64
	ForwardFailed  int64
	ForwardDropped int64
}

func (s *Stats) add(o Stats) {
	s.Requests += o.Requests
	s.Bytes += o.Bytes
	s.Malformed += o.Malformed
	s.Refused += o.Refused
	s.Forwarded += o.Forwarded
	s.ForwardFailed += o.ForwardFailed
	s.ForwardDropped += o.ForwardDropped
}

// New checks cfg and returns a Receiver that is not yet listening.
func New(cfg Config, sink Sink) (*Receiver, error) {
	if sink == nil {
		return nil, errors.New("receiver: nil sink")
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("receiver: %w", err)
	}
	cfg = cfg.withDefaults()
	r := &Receiver{cfg: cfg, sink: sink, budget: newByteBudget(cfg.MaxBytesInFlight, cfg.releaseMemory)}
	// Until sizes are seen, a stream may be as large as allowed.
	r.grpcEstimate.Store(cfg.MaxRequestBytes)
	if cfg.Forward != "" {
		fwd, err := newForwarder(cfg.Forward)
		if err != nil {
			return nil, fmt.Errorf("receiver: %w", err)
		}
		r.queue = newForwardQueue(r, fwd)
	}
	return r, nil
}

// Start opens the enabled listeners and serves them in the background. If
// one listener cannot be opened, the ones already opened are closed again
// and the error is returned.
func (r *Receiver) Start(ctx context.Context) (err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started {
		return errors.New("receiver: already started")
	}
	var lc net.ListenConfig
	var gl, hl net.Listener
	defer func() {
		if err != nil {
			for _, l := range []net.Listener{gl, hl} {
				if l != nil {
					_ = l.Close()
				}
			}
		}
	}()
	if !disabled(r.cfg.GRPCAddr) {
		if gl, err = lc.Listen(ctx, "tcp", r.cfg.GRPCAddr); err != nil {
			return fmt.Errorf("receiver: OTLP/gRPC listener: %w", err)
		}
	}
	if !disabled(r.cfg.HTTPAddr) {
		if hl, err = lc.Listen(ctx, "tcp", r.cfg.HTTPAddr); err != nil {
			return fmt.Errorf("receiver: OTLP/HTTP listener: %w", err)
		}
	}
	r.started = true
	if gl != nil {
		r.grpcServer = r.newGRPCServer()
		r.grpcAddr = gl.Addr()
		gl = newLimitListener(gl, r.cfg.MaxConnections)
		r.serving.Go(func() {
			if err := r.grpcServer.Serve(gl); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
				r.cfg.Logger.Error("OTLP/gRPC server stopped", "err", err)
			}
		})
	}
	if hl != nil {
		r.httpServer = &http.Server{
			Handler:           r.Handler(),
			ReadHeaderTimeout: r.cfg.ReadHeaderTimeout,
			IdleTimeout:       2 * time.Minute,
			ErrorLog:          slog.NewLogLogger(r.cfg.Logger.Handler(), slog.LevelDebug),
		}
		r.httpAddr = hl.Addr()
		hl = newLimitListener(hl, r.cfg.MaxConnections)
		r.serving.Go(func() {
			if err := r.httpServer.Serve(hl); err != nil && !errors.Is(err, http.ErrServerClosed) {
				r.cfg.Logger.Error("OTLP/HTTP server stopped", "err", err)
			}
		})
	}
	return nil
}

// forwardDrain bounds how long Shutdown keeps forwarding what is queued;
// what is left then is counted as forward_failed.
const forwardDrain = 5 * time.Second

// Shutdown stops accepting requests and waits for the ones that have fully
// arrived to be checked and answered. Uploads still in progress get
// Config.StopGrace to finish; then their connections are closed (they were
// never acknowledged, so the client still has them). Queued requests are
// forwarded for a few more seconds; what is left is counted as
// ForwardFailed.
//
// Shutdown returns an error only when ctx ends before every received
// request was answered, that is when an acknowledged request may be
// missing from the sink. Shutdown of a Receiver that never started
// returns nil.
func (r *Receiver) Shutdown(ctx context.Context) error {
	r.mu.Lock()
	gs, hs := r.grpcServer, r.httpServer
	stopped := r.stopped
	r.stopped = true
	r.mu.Unlock()
	if stopped {
		return nil
	}

	grace, cancel := context.WithTimeout(ctx, r.cfg.StopGrace)
	defer cancel()
	var wg sync.WaitGroup
	var errs [2]error
	if hs != nil {
		wg.Go(func() {
			if hs.Shutdown(grace) != nil {
				errs[0] = r.processing.wait(ctx)
				_ = hs.Close()
			}
		})
	}
	if gs != nil {
		wg.Go(func() {
			done := make(chan struct{})
			go func() { gs.GracefulStop(); close(done) }()
			select {
			case <-done:
			case <-grace.Done():
				errs[1] = r.processing.wait(ctx)
				gs.Stop()
				<-done
			}
		})
	}
	wg.Wait()
	r.serving.Wait()
	r.budget.stop()
	var fwdErr error
	if r.queue != nil {
		drain, cancel := context.WithTimeout(ctx, forwardDrain)
		defer cancel()
		if r.queue.close(drain) != nil {
			r.cfg.Logger.Warn("stopped forwarding with requests still queued; they are counted as forward_failed",
				"endpoint", r.cfg.Forward)
		}
		fwdErr = r.queue.fwd.close()
	}
	if err := errors.Join(errs[:]...); err != nil {
		return err
	}
	return fwdErr
}

// GRPCAddrActual returns the address the gRPC listener is bound to, or nil
// when it is off or not started.
func (r *Receiver) GRPCAddrActual() net.Addr {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.grpcAddr
}

// HTTPAddrActual returns the address the HTTP listener is bound to, or nil
// when it is off or not started.
func (r *Receiver) HTTPAddrActual() net.Addr {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.httpAddr
}

// Stats returns the counters for sig.
func (r *Receiver) Stats(sig Signal) Stats {
	s := r.statsFor(sig)
	return Stats{
		Requests:       s.requests.Load(),
		Bytes:          s.bytes.Load(),
		Malformed:      s.malformed.Load(),
		Refused:        s.refused.Load(),
		Forwarded:      s.forwarded.Load(),
		ForwardFailed:  s.forwardFailed.Load(),
		ForwardDropped: s.forwardDropped.Load(),
	}
}

// Totals returns the counters summed over every signal.
func (r *Receiver) Totals() Stats {
	var t Stats
	for i := range r.stats {
		t.add(r.Stats(Signal(i)))
	}
	return t
}

func (r *Receiver) statsFor(sig Signal) *signalStats {
	if sig < Traces || sig > Logs {
		return &r.stats[0]
	}
	return &r.stats[sig]
}

// exportResult is what one export request produced, for either transport.
type exportResult struct {
	rejected int64  // items the sink rejected (partial success)
	message  string // the sink's explanation for rejected items
}

// errMalformed marks a sink error that refuses the whole request.
type errMalformed struct{ err error }

func (e errMalformed) Error() string { return e.err.Error() }
func (e errMalformed) Unwrap() error { return e.err }

// errQueueFull refuses a request in ForwardBlock mode: it could not be
// queued for forwarding, so it is not accepted at all.
var errQueueFull = errors.New("the forwarding queue is full; retry later")

// retryAfterSeconds is what refused clients are told to wait.
const retryAfterSeconds = 1

// export is the one path shared by gRPC and HTTP: b is the decompressed
// protobuf request, which export takes over. The request is forwarded
// whatever the sink says about it, so the service's backend sees exactly
// what it would have seen without otellint in between.
func (r *Receiver) export(sig Signal, b []byte) (exportResult, error) {
	st := r.statsFor(sig)
	if r.queue != nil {
		if !r.queue.put(sig, b) {
			if r.cfg.ForwardMode == ForwardBlock {
				st.refused.Add(1)
				return exportResult{}, errQueueFull
			}
			st.forwardDropped.Add(1)
			if r.dropEpisode.begin() {
				r.cfg.Logger.Warn("forwarding queue full: requests are checked but not forwarded and counted as forward_dropped (--forward-mode block refuses them instead)",
					"endpoint", r.cfg.Forward, "signal", sig.String())
			}
		} else if r.dropEpisode.end() {
			r.cfg.Logger.Warn("forwarding queue has room again", "endpoint", r.cfg.Forward,
				"forward_dropped", r.Totals().ForwardDropped)
		}
	}
	st.requests.Add(1)
	st.bytes.Add(int64(len(b)))
	sinkErr := consume(r.sink, sig, b)
	if sinkErr == nil {
		return exportResult{}, nil
	}
	if pe, ok := errors.AsType[*PartialError](sinkErr); ok {
		return exportResult{rejected: pe.Rejected, message: strings.ToValidUTF8(pe.Message, "\uFFFD")}, nil
	}
	st.malformed.Add(1)
	return exportResult{}, errMalformed{sinkErr}
}

// refuseBusy counts a request refused because the bytes in flight are over
// the limit, and logs the first of an episode.
func (r *Receiver) refuseBusy(sig Signal) {
	r.statsFor(sig).refused.Add(1)
	if r.busyEpisode.begin() {
		r.cfg.Logger.Warn("bytes in flight over the limit: refusing requests with a retryable error until memory frees up",
			"max_bytes_in_flight", r.cfg.MaxBytesInFlight)
	}
}

// activity counts requests in progress and lets Shutdown wait for none.
type activity struct {
	mu   sync.Mutex
	n    int
	idle chan struct{}
}

func (a *activity) begin() {
	a.mu.Lock()
	a.n++
	a.mu.Unlock()
}

func (a *activity) end() {
	a.mu.Lock()
	a.n--
	if a.n == 0 && a.idle != nil {
		close(a.idle)
		a.idle = nil
	}
	a.mu.Unlock()
}

// wait returns when no request is in progress, or ctx's error.
func (a *activity) wait(ctx context.Context) error {
	a.mu.Lock()
	if a.n == 0 {
		a.mu.Unlock()
		return nil
	}
	if a.idle == nil {
		a.idle = make(chan struct{})
	}
	idle := a.idle
	a.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
