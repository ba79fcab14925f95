package receiver

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// The tests in this file inject faults around a receiver, with real
// servers on loopback and real clients (the OpenTelemetry SDK's exporters,
// net/http, grpc-go), and check the counts under each: what the clients
// were told was accepted is what the sink counted, and what was forwarded
// plus what was counted as failed or dropped is what was accepted.

// fastRetry keeps the forwarding backoff short so tests do not wait.
var fastRetry = RetryConfig{Initial: 5 * time.Millisecond, Max: 20 * time.Millisecond, MaxElapsed: time.Minute}

// checkForwardInvariant checks, after Shutdown, that every accepted request
// was forwarded or counted as failed or dropped.
func checkForwardInvariant(t *testing.T, st Stats) {
	t.Helper()
	if st.Forwarded+st.ForwardFailed+st.ForwardDropped != st.Requests {
		t.Errorf("forwarded %d + failed %d + dropped %d != accepted %d", st.Forwarded, st.ForwardFailed, st.ForwardDropped, st.Requests)
	}
}

func forwardEndpoint(scheme string, r *Receiver) string {
	if scheme == "grpc" {
		return "grpc://" + r.GRPCAddrActual().String()
	}
	return "http://" + r.HTTPAddrActual().String()
}

// A downstream that hangs does not delay the clients: every export is
// answered while the downstream holds every forwarded request, and once
// it returns the queue delivers everything, once.
func TestFaultDownstreamHangs(t *testing.T) {
	for _, scheme := range []string{"grpc", "http"} {
		t.Run(scheme, func(t *testing.T) {
			down := &countingSink{block: make(chan struct{}), entered: make(chan struct{}, 1000)}
			second := startReceiver(t, Config{}, down)
			sink := &countingSink{}
			first := startReceiver(t, Config{Forward: forwardEndpoint(scheme, second), ForwardRetry: fastRetry}, sink)

			sendSpans(t, func() (sdktrace.SpanExporter, error) {
				return otlptracehttp.New(context.Background(), otlptracehttp.WithEndpoint(first.HTTPAddrActual().String()), otlptracehttp.WithInsecure())
			})
			// Every export returned, yet the downstream has counted nothing:
			// it is still holding the first forwarded requests.
			checkSpans(t, sink)
			if got := down.counts().spans; got != 0 {
				t.Fatalf("downstream counted %d spans while hanging", got)
			}
			close(down.block)
			if err := first.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
			checkSpans(t, down)
			st := first.Stats(Traces)
			checkForwardInvariant(t, st)
			if st.Forwarded != st.Requests || int(st.Requests) != sink.nRequests(Traces) {
				t.Errorf("stats %+v; sink saw %d requests; want all forwarded", st, sink.nRequests(Traces))
			}
		})
	}
}

// A downstream that dies and comes back on the same address gets
// everything that was sent while it was away.
func TestFaultDownstreamDiesAndReturns(t *testing.T) {
	for _, scheme := range []string{"grpc", "http"} {
		t.Run(scheme, func(t *testing.T) {
			down := &countingSink{}
			second := startReceiver(t, Config{}, down)
			endpoint := forwardEndpoint(scheme, second)
			grpcAddr, httpAddr := second.GRPCAddrActual().String(), second.HTTPAddrActual().String()
			if err := second.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
			var log syncBuffer
			sink := &countingSink{}
			first := startReceiver(t, Config{Forward: endpoint, ForwardRetry: fastRetry,
				Logger: slog.New(slog.NewTextHandler(&log, nil))}, sink)

			sendSpans(t, func() (sdktrace.SpanExporter, error) {
				return otlptracegrpc.New(context.Background(), otlptracegrpc.WithEndpoint(first.GRPCAddrActual().String()), otlptracegrpc.WithInsecure())
			})
			checkSpans(t, sink) // the clients were answered with the downstream dead

			back := &countingSink{}
			startReceiver(t, Config{GRPCAddr: grpcAddr, HTTPAddr: httpAddr}, back)
			if err := first.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
			checkSpans(t, back)
			st := first.Stats(Traces)
			checkForwardInvariant(t, st)
			if st.Forwarded != st.Requests {
				t.Errorf("stats %+v, want every request forwarded after the downstream returned", st)
			}
		})
	}
}

// A request that is still queued when the drain at Shutdown ends is
// counted as forward_failed, never silently lost.
func TestFaultDownstreamGoneAtShutdown(t *testing.T) {
	down := &countingSink{block: make(chan struct{}), entered: make(chan struct{}, 100)}
	defer close(down.block)
	second := startReceiver(t, Config{}, down)
	sink := &countingSink{}
	first := startReceiver(t, Config{Forward: forwardEndpoint("http", second), ForwardRetry: fastRetry}, sink)
	send := rawTraceClient(t, first.GRPCAddrActual().String())
	for range 6 {
		if err := send(mustMarshal(t, traceRequest(1))); err != nil {
			t.Fatal(err)
		}
	}
	<-down.entered
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // no time to drain at all
	if err := first.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown = %v; every request was answered, so nothing acknowledged is missing", err)
	}
	st := first.Stats(Traces)
	checkForwardInvariant(t, st)
	if st.Requests != 6 || st.ForwardFailed != 6 {
		t.Errorf("stats %+v, want 6 accepted and 6 counted as forward_failed", st)
	}
}

// postTraces posts an OTLP/HTTP protobuf trace request and returns the
// answer's status and headers.
func postTraces(t *testing.T, base string, body []byte) (int, http.Header) {
	t.Helper()
	resp, err := http.Post(base+PathTraces, contentTypeProto, bytes.NewReader(body))
	if err != nil {
		t.Error(err)
		return 0, nil
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header
}

// With the queue full, the default mode accepts and counts the drop; block
// mode refuses with a retryable 503 and counts nothing it did not keep.
func TestFaultQueueFull(t *testing.T) {
	body := mustMarshal(t, traceRequest(3))
	for _, mode := range []ForwardMode{ForwardDrop, ForwardBlock} {
		t.Run(string(mode), func(t *testing.T) {
			down := &countingSink{block: make(chan struct{}), entered: make(chan struct{}, 100)}
			second := startReceiver(t, Config{}, down)
			sink := &countingSink{}
			first := startReceiver(t, Config{
				Forward: forwardEndpoint("http", second), ForwardMode: mode, ForwardRetry: fastRetry,
				ForwardQueueBytes: int64(len(body))*2 + 1, // room for two requests
			}, sink)
			base := "http://" + first.HTTPAddrActual().String()
			var codes []int
			for range 5 {
				code, header := postTraces(t, base, body)
				codes = append(codes, code)
				if code == http.StatusServiceUnavailable && header.Get("Retry-After") == "" {
					t.Error("503 without Retry-After")
				}
			}
			close(down.block)
			if err := first.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
			st := first.Stats(Traces)
			checkForwardInvariant(t, st)
			if mode == ForwardDrop {
				want := []int{200, 200, 200, 200, 200}
				if fmt.Sprint(codes) != fmt.Sprint(want) || st.Requests != 5 || st.Forwarded != 2 || st.ForwardDropped != 3 {
					t.Errorf("statuses %v, stats %+v; want %v, 5 accepted, 2 forwarded, 3 dropped", codes, st, want)
				}
				if sink.nRequests(Traces) != 5 {
					t.Errorf("sink saw %d requests, want 5", sink.nRequests(Traces))
				}
			} else {
				want := []int{200, 200, 503, 503, 503}
				if fmt.Sprint(codes) != fmt.Sprint(want) || st.Requests != 2 || st.Forwarded != 2 || st.Refused != 3 {
					t.Errorf("statuses %v, stats %+v; want %v, 2 accepted and forwarded, 3 refused", codes, st, want)
				}
				if sink.nRequests(Traces) != 2 {
					t.Errorf("sink saw %d requests, want only the 2 accepted", sink.nRequests(Traces))
				}
			}
			if got, want := down.nRequests(Traces), 2; got != want {
				t.Errorf("downstream got %d requests, want %d", got, want)
			}
		})
	}
}

// statusWatcher is an http.RoundTripper that reports the first response
// with a given status, so a test can react to it.
type statusWatcher struct {
	status int
	seen   chan struct{}
	once   sync.Once
}

func (w *statusWatcher) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil && resp.StatusCode == w.status {
		w.once.Do(func() { close(w.seen) })
	}
	return resp, err
}

// sdkRetry is the exporters' retry policy with short intervals; the
// server's Retry-After (or RetryInfo) still sets the least wait.
var sdkRetry = otlptracehttp.RetryConfig{Enabled: true, InitialInterval: 10 * time.Millisecond, MaxInterval: 100 * time.Millisecond, MaxElapsedTime: time.Minute}

// sendOneBatch exports spans through exp in one batch and waits for the
// export to finish (including the exporter's own retries).
func sendOneBatch(t *testing.T, exp sdktrace.SpanExporter, spans int, attr string) {
	t.Helper()
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp, sdktrace.WithMaxExportBatchSize(spans)))
	tr := tp.Tracer("faults")
	for i := range spans {
		_, span := tr.Start(context.Background(), fmt.Sprintf("burst-%d", i))
		span.SetAttributes(attribute.String("payload", attr))
		span.End()
	}
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Errorf("export: %v", err)
	}
}

// In block mode a full queue answers 503 with Retry-After; the SDK
// exporter retries and succeeds once the downstream moves again, and every
// span is counted and forwarded exactly once.
func TestFaultBlockModeRetriedBySDK(t *testing.T) {
	down := &countingSink{block: make(chan struct{}), entered: make(chan struct{}, 100)}
	second := startReceiver(t, Config{}, down)
	sink := &countingSink{}
	first := startReceiver(t, Config{
		Forward: forwardEndpoint("grpc", second), ForwardMode: ForwardBlock, ForwardRetry: fastRetry,
		ForwardQueueRequests: 1, ForwardQueueBytes: 1,
	}, sink)
	base := "http://" + first.HTTPAddrActual().String()
	// One request fills the queue (a queue of one byte takes one request
	// whatever its size) and is held by the downstream.
	if code, _ := postTraces(t, base, mustMarshal(t, traceRequest(2))); code != 200 {
		t.Fatalf("first request: status %d", code)
	}
	<-down.entered
	watch := &statusWatcher{status: http.StatusServiceUnavailable, seen: make(chan struct{})}
	go func() {
		<-watch.seen
		close(down.block) // the downstream moves again after the first refusal
	}()
	exp, err := otlptracehttp.New(context.Background(), otlptracehttp.WithEndpoint(first.HTTPAddrActual().String()),
		otlptracehttp.WithInsecure(), otlptracehttp.WithHTTPClient(&http.Client{Transport: watch}), otlptracehttp.WithRetry(sdkRetry))
	if err != nil {
		t.Fatal(err)
	}
	sendOneBatch(t, exp, 10, "x")
	if err := first.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := first.Stats(Traces)
	checkForwardInvariant(t, st)
	if st.Refused == 0 || st.Requests != 2 || st.Forwarded != 2 {
		t.Errorf("stats %+v, want ≥1 refused, then 2 accepted and forwarded", st)
	}
	if got := sink.counts().spans; got != 12 {
		t.Errorf("sink counted %d spans, want 12 (each once)", got)
	}
	if got := down.counts().spans; got != 12 {
		t.Errorf("downstream counted %d spans, want 12", got)
	}
}

// gateSink holds the first request until released, so its bytes stay in
// flight; later requests pass.
type gateSink struct {
	countingSink
	first   sync.Once
	entered chan struct{}
	release chan struct{}
}

func (g *gateSink) ConsumeTraces(b []byte) error {
	g.first.Do(func() {
		close(g.entered)
		<-g.release
	})
	return g.countingSink.ConsumeTraces(b)
}

// An HTTP request that does not fit waits for room (its body unread)
// before it is refused: a burst is served in turn.
func TestFaultBurstWaitsForRoom(t *testing.T) {
	const limit = 1 << 20
	sink := &gateSink{entered: make(chan struct{}), release: make(chan struct{})}
	started := make(chan struct{}, 2)
	r := startReceiver(t, Config{GRPCAddr: Off, MaxBytesInFlight: limit, admissionWait: time.Hour,
		bodyStarted: func() { started <- struct{}{} }}, sink)
	held := traceRequest(1)
	held.ResourceSpans[0].ScopeSpans[0].Spans[0].Name = strings.Repeat("h", 700<<10)
	base := "http://" + r.HTTPAddrActual().String()
	heldDone := make(chan int, 1)
	go func() { code, _ := postTraces(t, base, mustMarshal(t, held)); heldDone <- code }()
	<-sink.entered
	waiting := make(chan int, 1)
	go func() { code, _ := postTraces(t, base, mustMarshal(t, held)); waiting <- code }()
	<-started
	<-started           // the second request is in its handler, with no room
	close(sink.release) // room comes: the waiting request is served, not refused
	if a, b := <-heldDone, <-waiting; a != 200 || b != 200 {
		t.Errorf("statuses %d and %d, want 200 for both", a, b)
	}
	if st := r.Stats(Traces); st.Refused != 0 || st.Requests != 2 {
		t.Errorf("stats %+v, want 2 accepted and none refused", st)
	}
}

// A burst beyond the bytes-in-flight limit is refused with a retryable
// status (429 + Retry-After, RESOURCE_EXHAUSTED + RetryInfo); the SDK
// exporters retry and succeed once memory is free, and the counts are
// exact.
func TestFaultBurstOverByteLimit(t *testing.T) {
	const limit = 1 << 20
	big := strings.Repeat("x", 600<<10)
	for _, transport := range []string{"http", "grpc"} {
		t.Run(transport, func(t *testing.T) {
			sink := &gateSink{entered: make(chan struct{}), release: make(chan struct{})}
			var releaseOnce sync.Once
			release := func() { releaseOnce.Do(func() { close(sink.release) }) }
			r := startReceiver(t, Config{MaxBytesInFlight: limit, admissionWait: time.Millisecond}, sink)
			// A request that holds 700 KB of the budget inside the sink.
			held := traceRequest(1)
			held.ResourceSpans[0].ScopeSpans[0].Spans[0].Name = strings.Repeat("h", 700<<10)
			heldDone := make(chan int, 1)
			go func() {
				code, _ := postTraces(t, "http://"+r.HTTPAddrActual().String(), mustMarshal(t, held))
				heldDone <- code
			}()
			<-sink.entered

			var exp sdktrace.SpanExporter
			var err error
			if transport == "http" {
				watch := &statusWatcher{status: http.StatusTooManyRequests, seen: make(chan struct{})}
				go func() { <-watch.seen; release() }()
				exp, err = otlptracehttp.New(context.Background(), otlptracehttp.WithEndpoint(r.HTTPAddrActual().String()),
					otlptracehttp.WithInsecure(), otlptracehttp.WithHTTPClient(&http.Client{Transport: watch}), otlptracehttp.WithRetry(sdkRetry))
			} else {
				watch := func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
					err := invoker(ctx, method, req, reply, cc, opts...)
					if status.Code(err) == codes.ResourceExhausted {
						release()
					}
					return err
				}
				exp, err = otlptracegrpc.New(context.Background(), otlptracegrpc.WithEndpoint(r.GRPCAddrActual().String()),
					otlptracegrpc.WithInsecure(), otlptracegrpc.WithDialOption(grpc.WithUnaryInterceptor(watch)),
					otlptracegrpc.WithRetry(otlptracegrpc.RetryConfig(sdkRetry)))
			}
			if err != nil {
				t.Fatal(err)
			}
			sendOneBatch(t, exp, 1, big)
			release() // in case nothing was refused
			if code := <-heldDone; code != 200 {
				t.Errorf("held request: status %d", code)
			}
			st := r.Stats(Traces)
			if st.Refused == 0 {
				t.Error("nothing was refused: the burst did not hit the limit")
			}
			if st.Requests != 2 || sink.nRequests(Traces) != 2 || sink.counts().spans != 2 {
				t.Errorf("stats %+v, sink %d requests and %d spans; want 2 accepted requests of 1 span each",
					st, sink.nRequests(Traces), sink.counts().spans)
			}
			if used := r.budget.used.Load(); used != 0 {
				t.Errorf("%d bytes still reserved after the requests ended", used)
			}
		})
	}
}

// The memory of a burst is handed back to the OS once the receiver is
// idle, and only then.
func TestFaultMemoryReleasedAfterBurst(t *testing.T) {
	released := make(chan int64, 10)
	var r *Receiver
	r, err := New(Config{GRPCAddr: Off, HTTPAddr: "127.0.0.1:0", releaseMemory: func() { released <- r.budget.used.Load() }}, &countingSink{})
	if err != nil {
		t.Fatal(err)
	}
	r.budget.releaseAbove = 1 // any request is a burst here
	startAndStop(t, r)
	body := mustMarshal(t, traceRequest(50))
	for range 3 {
		if code, _ := postTraces(t, "http://"+r.HTTPAddrActual().String(), body); code != 200 {
			t.Fatalf("status %d", code)
		}
	}
	select {
	case used := <-released:
		if used != 0 {
			t.Errorf("memory released with %d bytes in flight", used)
		}
	case <-time.After(30 * time.Second): // a guard against hanging, not a measurement
		t.Fatal("memory was not released after the burst")
	}
}

// An HTTP client that sends its headers and part of its body and then
// stalls is answered 408 after ReadBodyTimeout and its connection closed.
func TestFaultStalledUploadTimesOut(t *testing.T) {
	sink := &countingSink{}
	r := startReceiver(t, Config{GRPCAddr: Off, ReadBodyTimeout: 50 * time.Millisecond}, sink)
	c := stalledUpload(t, r.HTTPAddrActual().String())
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no answer to a stalled upload: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestTimeout {
		t.Errorf("status %s, want 408", resp.Status)
	}
	if st := r.Stats(Traces); st.Requests != 0 || st.Malformed != 0 {
		t.Errorf("stats %+v: a stalled upload is neither accepted nor malformed", st)
	}
}

// stalledUpload opens a connection, sends a request's headers and 10 of
// its 1000 body bytes, and stalls.
func stalledUpload(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: 1000\r\n\r\n0123456789", PathTraces, addr, contentTypeProto)
	return c
}

// Stalled uploads and a stalled gRPC stream do not hold up Shutdown beyond
// StopGrace, and Shutdown reports success: the stalled requests were never
// acknowledged, and every acknowledged one is in the sink.
func TestFaultStalledClientsDoNotHoldShutdown(t *testing.T) {
	sink := &countingSink{}
	uploading := make(chan struct{}, 100)
	r, err := New(Config{GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", StopGrace: 50 * time.Millisecond, ReadBodyTimeout: time.Hour, JSON: otlpJSON,
		bodyStarted: func() { uploading <- struct{}{} }}, sink)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if code, _ := postTraces(t, "http://"+r.HTTPAddrActual().String(), mustMarshal(t, traceRequest(3))); code != 200 {
		t.Fatalf("status %d", code)
	}
	<-uploading
	var stalled []net.Conn
	for range 20 {
		stalled = append(stalled, stalledUpload(t, r.HTTPAddrActual().String()))
	}
	for range 20 {
		<-uploading // every stalled upload is inside a handler
	}
	// A gRPC stream whose request message never comes.
	conn, err := grpc.NewClient(r.GRPCAddrActual().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	stream, err := conn.NewStream(context.Background(), &grpc.StreamDesc{ClientStreams: true}, coltracepb.TraceService_Export_FullMethodName,
		grpc.ForceCodecV2(rawCodec{}))
	if err != nil {
		t.Fatal(err)
	}
	// The gRPC server has the stream once its headers arrived; make sure
	// it did before stopping, by a unary call on the same connection.
	if err := conn.Invoke(context.Background(), coltracepb.TraceService_Export_FullMethodName,
		&rawMessage{b: mustMarshal(t, traceRequest(1))}, new(rawMessage), grpc.ForceCodecV2(rawCodec{})); err != nil {
		t.Fatal(err)
	}

	if err := r.Shutdown(context.Background()); err != nil {
		t.Fatalf("Shutdown with stalled clients: %v", err)
	}
	for _, c := range stalled {
		if _, err := io.ReadAll(c); err != nil && !strings.Contains(err.Error(), "reset") {
			t.Errorf("stalled connection: %v", err)
		}
	}
	if err := stream.RecvMsg(new(rawMessage)); err == nil {
		t.Error("the stalled gRPC stream got an answer")
	}
	if got := sink.counts().spans; got != 4 {
		t.Errorf("sink counted %d spans, want the 4 acknowledged", got)
	}
}

// The connection cap holds further clients back until a connection
// closes.
func TestLimitListener(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := newLimitListener(inner, 1)
	defer l.Close()
	accepted := make(chan net.Conn, 2)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				close(accepted)
				return
			}
			accepted <- c
		}
	}()
	for range 2 {
		c, err := net.Dial("tcp", inner.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	first := <-accepted
	select {
	case <-accepted:
		t.Fatal("a second connection was accepted over a cap of one")
	case <-time.After(200 * time.Millisecond): // absence of an event: no channel can tell it sooner
	}
	first.Close()
	if c := <-accepted; c == nil {
		t.Fatal("the waiting connection was not accepted after the first closed")
	}
	l.Close()
	for range accepted {
	}
}
