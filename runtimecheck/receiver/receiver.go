package receiver

import (
	"context"
	"errors"
	"fmt"
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
	cfg  Config
	sink Sink
	fwd  forwarder

	mu         sync.Mutex
	started    bool
	grpcServer *grpc.Server
	httpServer *http.Server
	grpcAddr   net.Addr
	httpAddr   net.Addr
	serving    sync.WaitGroup

	stats [len(Signals) + 1]signalStats

	// lastForwardLog rate-limits forwarding warnings (unix nanoseconds).
	lastForwardLog atomic.Int64
}

// forwardLogEvery is the least time between two forwarding warnings: an
// endpoint that is down fails every request, and one line says it.
const forwardLogEvery = 10 * time.Second

type signalStats struct {
	requests, bytes, malformed, forwardErrors atomic.Int64
}

// Stats counts what a Receiver has seen for one signal.
type Stats struct {
	Requests      int64 // requests handed to the sink
	Bytes         int64 // protobuf bytes handed to the sink
	Malformed     int64 // requests refused as malformed, by the transport or the sink
	ForwardErrors int64 // requests that could not be forwarded
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
	r := &Receiver{cfg: cfg, sink: sink}
	if cfg.Forward != "" {
		fwd, err := newForwarder(cfg.Forward)
		if err != nil {
			return nil, fmt.Errorf("receiver: %w", err)
		}
		r.fwd = fwd
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
		r.serving.Go(func() {
			if err := r.grpcServer.Serve(gl); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
				r.cfg.Logger.Error("OTLP/gRPC server stopped", "err", err)
			}
		})
	}
	if hl != nil {
		r.httpServer = &http.Server{
			Handler:           r.Handler(),
			ReadHeaderTimeout: 10 * time.Second,
			IdleTimeout:       2 * time.Minute,
		}
		r.httpAddr = hl.Addr()
		r.serving.Go(func() {
			if err := r.httpServer.Serve(hl); err != nil && !errors.Is(err, http.ErrServerClosed) {
				r.cfg.Logger.Error("OTLP/HTTP server stopped", "err", err)
			}
		})
	}
	return nil
}

// Shutdown stops accepting requests, waits for the ones in flight to finish
// (they still reach the sink and the forward endpoint), and then returns.
// If ctx ends first, the remaining connections are closed and ctx's error
// is returned. Shutdown of a Receiver that never started returns nil.
func (r *Receiver) Shutdown(ctx context.Context) error {
	r.mu.Lock()
	gs, hs := r.grpcServer, r.httpServer
	r.mu.Unlock()

	var wg sync.WaitGroup
	var httpErr error
	if hs != nil {
		wg.Go(func() {
			if httpErr = hs.Shutdown(ctx); httpErr != nil {
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
			case <-ctx.Done():
				gs.Stop()
				<-done
			}
		})
	}
	wg.Wait()
	r.serving.Wait()
	var fwdErr error
	if r.fwd != nil {
		fwdErr = r.fwd.close()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(httpErr, fwdErr)
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
		Requests:      s.requests.Load(),
		Bytes:         s.bytes.Load(),
		Malformed:     s.malformed.Load(),
		ForwardErrors: s.forwardErrors.Load(),
	}
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

// export is the one path shared by gRPC and HTTP: b is the decompressed
// protobuf request. The request is forwarded whatever the sink says about
// it, so the service's backend sees exactly what it would have seen without
// otellint in between.
func (r *Receiver) export(ctx context.Context, sig Signal, b []byte) (exportResult, error) {
	st := r.statsFor(sig)
	st.requests.Add(1)
	st.bytes.Add(int64(len(b)))
	sinkErr := consume(r.sink, sig, b)
	if r.fwd != nil {
		if err := r.fwd.forward(context.WithoutCancel(ctx), sig, b); err != nil {
			st.forwardErrors.Add(1)
			r.logForwardError(sig, err)
		}
	}
	if sinkErr == nil {
		return exportResult{}, nil
	}
	if pe, ok := errors.AsType[*PartialError](sinkErr); ok {
		return exportResult{rejected: pe.Rejected, message: strings.ToValidUTF8(pe.Message, "\uFFFD")}, nil
	}
	st.malformed.Add(1)
	return exportResult{}, errMalformed{sinkErr}
}

func (r *Receiver) logForwardError(sig Signal, err error) {
	now := time.Now().UnixNano()
	last := r.lastForwardLog.Load()
	if last != 0 && now-last < int64(forwardLogEvery) || !r.lastForwardLog.CompareAndSwap(last, now) {
		return
	}
	var failed int64
	for _, s := range Signals {
		failed += r.statsFor(s).forwardErrors.Load()
	}
	r.cfg.Logger.Warn("forwarding failed", "endpoint", r.cfg.Forward, "signal", sig.String(), "err", err,
		"failed_requests", failed)
}
