package receiver

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func startAndStop(t *testing.T, r *Receiver) {
	t.Helper()
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := r.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	})
}

func TestConfigValidate(t *testing.T) {
	for _, c := range []struct {
		cfg     Config
		wantErr string
	}{
		{Config{}, ""},
		{Config{GRPCAddr: "off"}, ""},
		{Config{GRPCAddr: "localhost:0", HTTPAddr: "[::1]:4318", Forward: "grpc://127.0.0.1:4317"}, ""},
		{Config{Forward: "http://collector:4318/prefix"}, ""},
		{Config{Forward: "https://collector"}, ""},
		{Config{GRPCAddr: "off", HTTPAddr: "OFF"}, "both"},
		{Config{GRPCAddr: "4317"}, "gRPC address"},
		{Config{HTTPAddr: "localhost"}, "HTTP address"},
		{Config{MaxRequestBytes: -1}, "negative"},
		{Config{Forward: "127.0.0.1:4317"}, "forward endpoint"},
		{Config{Forward: "ftp://x:1"}, "unknown scheme"},
		{Config{Forward: "grpc://x:1/v1/traces"}, "no path"},
	} {
		err := c.cfg.Validate()
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%+v: unexpected error %v", c.cfg, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%+v: error %v, want one containing %q", c.cfg, err, c.wantErr)
		}
	}
	if _, err := New(Config{GRPCAddr: "bad"}, &countingSink{}); err == nil {
		t.Error("New accepted an invalid config")
	}
	if _, err := New(Config{}, nil); err == nil {
		t.Error("New accepted a nil sink")
	}
}

// A receiver whose second listener cannot be opened must release the first.
func TestStartCleansUpAfterPartialStart(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	grpcAddr := free.Addr().String()
	free.Close()

	r, err := New(Config{GRPCAddr: grpcAddr, HTTPAddr: busy.Addr().String()}, &countingSink{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err == nil || !strings.Contains(err.Error(), "HTTP") {
		t.Fatalf("Start = %v, want an HTTP listener error", err)
	}
	l, err := net.Listen("tcp", grpcAddr)
	if err != nil {
		t.Fatalf("gRPC port still held after the failed start: %v", err)
	}
	l.Close()
	if err := r.Shutdown(context.Background()); err != nil {
		t.Errorf("Shutdown after failed start: %v", err)
	}
}

func TestStartTwice(t *testing.T) {
	r := startReceiver(t, Config{}, &countingSink{})
	if err := r.Start(context.Background()); err == nil {
		t.Fatal("second Start succeeded")
	}
}

// Shutdown waits for requests already in the sink, and new requests are
// refused once it has begun.
func TestShutdownDrainsInFlight(t *testing.T) {
	sink := &countingSink{block: make(chan struct{}), entered: make(chan struct{}, 1)}
	r, err := New(Config{GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0"}, sink)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	base := "http://" + r.HTTPAddrActual().String()
	type result struct {
		status int
		err    error
	}
	inflight := make(chan result, 1)
	go func() {
		resp, err := http.Post(base+PathTraces, "application/x-protobuf", strings.NewReader(string(mustMarshal(t, traceRequest(4)))))
		if err != nil {
			inflight <- result{err: err}
			return
		}
		resp.Body.Close()
		inflight <- result{status: resp.StatusCode}
	}()
	<-sink.entered

	shutdownDone := make(chan error, 1)
	go func() { shutdownDone <- r.Shutdown(context.Background()) }()

	// While the request is held in the sink, Shutdown must not return and
	// new connections must be refused.
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", r.HTTPAddrActual().String(), time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("listener still accepting during shutdown")
		}
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case err := <-shutdownDone:
		t.Fatalf("Shutdown returned (%v) while a request was in flight", err)
	default:
	}
	close(sink.block)
	if err := <-shutdownDone; err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	res := <-inflight
	if res.err != nil || res.status != 200 {
		t.Fatalf("in-flight request: status %d, err %v; want 200", res.status, res.err)
	}
	if got := sink.counts().spans; got != 4 {
		t.Fatalf("sink counted %d spans, want 4", got)
	}
}

func TestShutdownContextExpires(t *testing.T) {
	sink := &countingSink{block: make(chan struct{}), entered: make(chan struct{}, 1)}
	defer close(sink.block)
	r, err := New(Config{GRPCAddr: Off, HTTPAddr: "127.0.0.1:0"}, sink)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	go func() {
		resp, err := http.Post("http://"+r.HTTPAddrActual().String()+PathTraces, "application/x-protobuf", strings.NewReader(""))
		if err == nil {
			resp.Body.Close()
		}
	}()
	<-sink.entered
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.Shutdown(ctx) }()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Shutdown = %v, want DeadlineExceeded", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Shutdown did not give up when its context expired")
	}
}
