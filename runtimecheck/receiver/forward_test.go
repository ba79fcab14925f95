package receiver

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Two receivers chained on loopback: everything the first receives arrives
// unchanged at the second, over either forwarding transport.
func TestForwardChain(t *testing.T) {
	for _, scheme := range []string{"grpc", "http"} {
		t.Run(scheme, func(t *testing.T) {
			last := &countingSink{}
			second := startReceiver(t, Config{}, last)
			var endpoint string
			if scheme == "grpc" {
				endpoint = "grpc://" + second.GRPCAddrActual().String()
			} else {
				endpoint = "http://" + second.HTTPAddrActual().String()
			}
			firstSink := &countingSink{}
			first := startReceiver(t, Config{Forward: endpoint}, firstSink)

			// Half the senders use gRPC and half HTTP into the first receiver.
			n := 0
			sendSpans(t, func() (sdktrace.SpanExporter, error) {
				n++
				if n%2 == 0 {
					return otlptracehttp.New(context.Background(),
						otlptracehttp.WithEndpoint(first.HTTPAddrActual().String()),
						otlptracehttp.WithInsecure())
				}
				return otlptracegrpc.New(context.Background(),
					otlptracegrpc.WithEndpoint(first.GRPCAddrActual().String()),
					otlptracegrpc.WithInsecure())
			})
			// Forwarding is asynchronous: Shutdown drains the queue.
			if err := first.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
			checkSpans(t, firstSink)
			checkSpans(t, last)
			if got, want := last.nRequests(Traces), firstSink.nRequests(Traces); got != want {
				t.Errorf("second receiver saw %d requests, first %d", got, want)
			}
			if st := first.Stats(Traces); st.ForwardFailed != 0 || st.ForwardDropped != 0 {
				t.Errorf("%d forward failures, %d dropped", st.ForwardFailed, st.ForwardDropped)
			}
		})
	}
}

// A forward endpoint that is down is counted but does not fail the client.
func TestForwardFailureDoesNotFailClient(t *testing.T) {
	sink := &countingSink{}
	var log syncBuffer
	r := startReceiver(t, Config{
		Forward: "http://127.0.0.1:1", Logger: slog.New(slog.NewTextHandler(&log, nil)),
		ForwardRetry: RetryConfig{Initial: time.Millisecond, Max: time.Millisecond, MaxElapsed: 5 * time.Millisecond},
	}, sink)
	send := rawTraceClient(t, r.GRPCAddrActual().String())
	for range 3 {
		if err := send(mustMarshal(t, traceRequest(2))); err != nil {
			t.Fatalf("export with the forward endpoint down: %v", err)
		}
	}
	if got := sink.counts().spans; got != 6 {
		t.Errorf("sink counted %d spans, want 6", got)
	}
	if err := r.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := r.Stats(Traces); st.ForwardFailed != 3 || st.Forwarded != 0 || st.Requests != 3 {
		t.Errorf("stats %+v, want 3 requests, 3 forward failures", st)
	}
	// One warning, not one per request.
	if n := strings.Count(log.String(), "forwarding failed"); n != 1 {
		t.Errorf("%d forwarding warnings logged, want 1:\n%s", n, log.String())
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
