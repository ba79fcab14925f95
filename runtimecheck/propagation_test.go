package runtimecheck_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/receiver"
)

// runTwoServices runs two Go services over real HTTP on loopback, both
// instrumented with otelhttp and exporting with the SDK's OTLP/gRPC
// exporter to a real otellint receiver: "frontend" serves /checkout by
// calling "stock" at /reserve. prop is the propagator both use. It returns
// the report after the run.
func runTwoServices(t *testing.T, prop propagation.TextMapPropagator) *runtimecheck.Report {
	t.Helper()
	return runServicesConcurrent(t, prop, 1, 5, false)
}

func runServicesConcurrent(t *testing.T, prop propagation.TextMapPropagator, workers, each int, direct bool) *runtimecheck.Report {
	t.Helper()
	c, err := runtimecheck.NewChecker(runtimecheck.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	rcv, err := receiver.New(receiver.Config{GRPCAddr: "127.0.0.1:0", HTTPAddr: receiver.Off}, c)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := rcv.Start(ctx); err != nil {
		t.Fatal(err)
	}
	provider := func(service string) *sdktrace.TracerProvider {
		exp, err := otlptracegrpc.New(ctx, otlptracegrpc.WithEndpoint(rcv.GRPCAddrActual().String()), otlptracegrpc.WithInsecure())
		if err != nil {
			t.Fatal(err)
		}
		return sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(resource.NewSchemaless(
			attribute.String("service.name", service), attribute.String("service.instance.id", service+"-1"))))
	}
	serve := func(h http.Handler) string {
		lis, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		srv := &http.Server{Handler: h}
		go srv.Serve(lis) //nolint:errcheck // closed at the end of the test
		t.Cleanup(func() { srv.Close() })
		return "http://" + lis.Addr().String()
	}

	stockTP, frontTP := provider("stock"), provider("frontend")
	stock := serve(otelhttp.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok") //nolint:errcheck // test server
	}), "reserve", otelhttp.WithTracerProvider(stockTP), otelhttp.WithPropagators(prop)))
	client := &http.Client{Transport: otelhttp.NewTransport(http.DefaultTransport,
		otelhttp.WithTracerProvider(frontTP), otelhttp.WithPropagators(prop))}
	front := serve(otelhttp.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, _ := http.NewRequestWithContext(r.Context(), http.MethodPost, stock+"/reserve", nil)
		resp, err := client.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		resp.Body.Close()
		io.WriteString(w, "done") //nolint:errcheck // test server
	}), "checkout", otelhttp.WithTracerProvider(frontTP), otelhttp.WithPropagators(prop)))

	var wg sync.WaitGroup
	for g := 0; g < workers; g++ {
		wg.Go(func() {
			for i := 0; i < each; i++ {
				url := front + "/checkout" // an uninstrumented caller: frontend starts the trace
				if direct && i%2 == 1 {
					url = stock + "/reserve" // an uninstrumented caller of stock
				}
				resp, err := http.Get(url)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	for _, tp := range []*sdktrace.TracerProvider{frontTP, stockTP} {
		if err := tp.Shutdown(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := rcv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	c.FlushTraces()
	return c.Snapshot()
}

func findings(r *runtimecheck.Report, id string) []runtimecheck.Finding {
	var out []runtimecheck.Finding
	for _, f := range r.Findings {
		if f.ID == id {
			out = append(out, f)
		}
	}
	return out
}

// With the W3C propagator, stock's SERVER spans continue frontend's
// traces: no broken_propagation, no orphan, five traces.
func TestPropagationW3C(t *testing.T) {
	r := runTwoServices(t, propagation.TraceContext{})
	if fs := findings(r, runtimecheck.IDBrokenPropagation); len(fs) != 0 {
		t.Errorf("broken_propagation with the W3C propagator: %+v", fs)
	}
	if fs := findings(r, runtimecheck.IDOrphanSpan); len(fs) != 0 {
		t.Errorf("orphans: %+v", fs)
	}
	if r.Statistics.Spans != 15 || r.Statistics.Traces != 5 {
		t.Errorf("spans %d traces %d, want 15 in 5 traces", r.Statistics.Spans, r.Statistics.Traces)
	}
}

// Without a propagator, each stock request starts its own trace while
// frontend's CLIENT span to it is open: broken_propagation for the pair,
// once per call.
func TestPropagationNone(t *testing.T) {
	r := runTwoServices(t, propagation.NewCompositeTextMapPropagator())
	fs := findings(r, runtimecheck.IDBrokenPropagation)
	if len(fs) != 1 || fs[0].Service != "frontend" || fs[0].Name != "stock" || fs[0].Count != 5 {
		t.Fatalf("broken_propagation = %+v, want frontend -> stock, 5 times", fs)
	}
	if fs[0].Scope != "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp" {
		t.Errorf("scope = %q", fs[0].Scope)
	}
	if r.Statistics.Traces != 10 {
		t.Errorf("traces = %d, want 10 (5 of each service)", r.Statistics.Traces)
	}
	var frontend *runtimecheck.ServiceScore
	for i := range r.Score.Services {
		if r.Score.Services[i].Service == "frontend" {
			frontend = &r.Score.Services[i]
		}
	}
	if frontend == nil || len(frontend.Failed) != 0 {
		// broken_propagation is otellint's own check, not a rule of the
		// specification: the score does not count it.
		t.Errorf("frontend score = %+v", frontend)
	}
}

// Under concurrent callers, and with uninstrumented callers of stock
// besides frontend (its SERVER spans for them are roots at the same time
// as frontend's calls): no broken_propagation while frontend's traces show
// stock continuing them; without a propagator the pair is reported.
func TestPropagationConcurrentWithOtherCallers(t *testing.T) {
	r := runServicesConcurrent(t, propagation.TraceContext{}, 8, 40, true)
	if fs := findings(r, runtimecheck.IDBrokenPropagation); len(fs) != 0 || r.Statistics.Spans != 8*40/2*3+8*40/2 {
		t.Errorf("W3C with other callers of stock: broken_propagation %+v, %d spans", fs, r.Statistics.Spans)
	}
	r = runServicesConcurrent(t, propagation.NewCompositeTextMapPropagator(), 8, 40, true)
	if fs := findings(r, runtimecheck.IDBrokenPropagation); len(fs) != 1 || fs[0].Service != "frontend" || fs[0].Name != "stock" || fs[0].Count < 1 {
		t.Errorf("no propagator: broken_propagation = %+v, want frontend -> stock", fs)
	}
}
