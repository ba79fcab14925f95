package receiver

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploghttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetricgrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	otellog "go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/metric"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// The tests in this file drive the receiver with the OpenTelemetry Go SDK
// and its real OTLP exporters, the way a service under test would.

const (
	senders        = 4
	spansPerSender = 300
)

// sendSpans runs senders goroutines, each with its own tracer provider and
// exporter, and returns once every provider has shut down (flushed).
func sendSpans(t *testing.T, newExporter func() (sdktrace.SpanExporter, error)) {
	t.Helper()
	var wg sync.WaitGroup
	for g := range senders {
		exp, err := newExporter()
		if err != nil {
			t.Fatal(err)
		}
		tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp, sdktrace.WithMaxExportBatchSize(64)))
		wg.Go(func() {
			tr := tp.Tracer("receiver-test")
			for i := range spansPerSender {
				_, span := tr.Start(context.Background(), fmt.Sprintf("g%d-%d", g, i),
					trace.WithSpanKind(trace.SpanKindServer),
					trace.WithAttributes(attribute.String("http.request.method", "GET")))
				span.End()
			}
			if err := tp.Shutdown(context.Background()); err != nil {
				t.Errorf("sender %d: shutdown: %v", g, err)
			}
		})
	}
	wg.Wait()
}

func checkSpans(t *testing.T, sink *countingSink) {
	t.Helper()
	if got, want := sink.counts().spans, senders*spansPerSender; got != want {
		t.Fatalf("received %d spans, sent %d", got, want)
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	for g := range senders {
		for i := range spansPerSender {
			if name := fmt.Sprintf("g%d-%d", g, i); sink.names[name] != 1 {
				t.Fatalf("span %q received %d times, want once", name, sink.names[name])
			}
		}
	}
}

func TestOTLPTraceGRPCExporter(t *testing.T) {
	for _, compressor := range []string{"", "gzip"} {
		t.Run("compressor="+compressor, func(t *testing.T) {
			sink := &countingSink{}
			r := startReceiver(t, Config{HTTPAddr: Off}, sink)
			sendSpans(t, func() (sdktrace.SpanExporter, error) {
				opts := []otlptracegrpc.Option{
					otlptracegrpc.WithEndpoint(r.GRPCAddrActual().String()),
					otlptracegrpc.WithInsecure(),
					otlptracegrpc.WithRetry(otlptracegrpc.RetryConfig{Enabled: false}),
				}
				if compressor != "" {
					opts = append(opts, otlptracegrpc.WithCompressor(compressor))
				}
				return otlptracegrpc.New(context.Background(), opts...)
			})
			checkSpans(t, sink)
		})
	}
}

func TestOTLPTraceHTTPExporterGzip(t *testing.T) {
	sink := &countingSink{}
	r := startReceiver(t, Config{GRPCAddr: Off}, sink)
	sendSpans(t, func() (sdktrace.SpanExporter, error) {
		return otlptracehttp.New(context.Background(),
			otlptracehttp.WithEndpoint(r.HTTPAddrActual().String()),
			otlptracehttp.WithInsecure(),
			otlptracehttp.WithCompression(otlptracehttp.GzipCompression),
			otlptracehttp.WithRetry(otlptracehttp.RetryConfig{Enabled: false}))
	})
	checkSpans(t, sink)
	if st := r.Stats(Traces); st.Requests == 0 || st.Malformed != 0 {
		t.Errorf("Stats(traces) = %+v, want requests and no malformed", st)
	}
}

func TestOTLPMetricGRPCExporter(t *testing.T) {
	sink := &countingSink{}
	r := startReceiver(t, Config{HTTPAddr: Off}, sink)
	const attrSets = 25
	var wg sync.WaitGroup
	for g := range senders {
		exp, err := otlpmetricgrpc.New(context.Background(),
			otlpmetricgrpc.WithEndpoint(r.GRPCAddrActual().String()),
			otlpmetricgrpc.WithInsecure(),
			otlpmetricgrpc.WithCompressor("gzip"),
			otlpmetricgrpc.WithRetry(otlpmetricgrpc.RetryConfig{Enabled: false}))
		if err != nil {
			t.Fatal(err)
		}
		mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(exp)))
		wg.Go(func() {
			m := mp.Meter("receiver-test")
			c, err := m.Int64Counter("requests")
			if err != nil {
				t.Error(err)
				return
			}
			h, err := m.Float64Histogram("http.server.request.duration")
			if err != nil {
				t.Error(err)
				return
			}
			for i := range attrSets {
				set := metric.WithAttributes(attribute.Int("sender", g), attribute.Int("i", i))
				c.Add(context.Background(), 1, set)
				h.Record(context.Background(), 0.5, set)
			}
			// Shutdown collects and exports once more, then stops.
			if err := mp.Shutdown(context.Background()); err != nil {
				t.Errorf("sender %d: shutdown: %v", g, err)
			}
		})
	}
	wg.Wait()
	// Each sender exports exactly once (at shutdown; the periodic interval is
	// a minute), with one counter and one histogram point per attribute set.
	if got, want := sink.counts().points, senders*attrSets*2; got != want {
		t.Fatalf("received %d data points, sent %d", got, want)
	}
}

func TestOTLPLogHTTPExporter(t *testing.T) {
	sink := &countingSink{}
	r := startReceiver(t, Config{GRPCAddr: Off}, sink)
	const recordsPerSender = 200
	var wg sync.WaitGroup
	for g := range senders {
		exp, err := otlploghttp.New(context.Background(),
			otlploghttp.WithEndpoint(r.HTTPAddrActual().String()),
			otlploghttp.WithInsecure(),
			otlploghttp.WithCompression(otlploghttp.GzipCompression),
			otlploghttp.WithRetry(otlploghttp.RetryConfig{Enabled: false}))
		if err != nil {
			t.Fatal(err)
		}
		lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewBatchProcessor(exp, sdklog.WithExportMaxBatchSize(50))))
		wg.Go(func() {
			l := lp.Logger("receiver-test")
			for i := range recordsPerSender {
				var rec otellog.Record
				rec.SetBody(attribute.StringValue(fmt.Sprintf("record %d from %d", i, g)))
				rec.SetSeverity(otellog.SeverityInfo)
				l.Emit(context.Background(), rec)
			}
			if err := lp.Shutdown(context.Background()); err != nil {
				t.Errorf("sender %d: shutdown: %v", g, err)
			}
		})
	}
	wg.Wait()
	if got, want := sink.counts().logs, senders*recordsPerSender; got != want {
		t.Fatalf("received %d log records, sent %d", got, want)
	}
}
