// Command otlpsend sends real OpenTelemetry Go SDK telemetry with known
// semantic-convention mistakes to an OTLP endpoint on loopback, for the
// Collector end-to-end script (testdata/scripts/collector-e2e.sh). Every
// trace has the same shape, so the findings and their counts are known:
//
//	SERVER "GET /cart"   http.method (deprecated), http.response.status_code "200" (type_mismatch)
//	  SERVER "GET /cart" the same request again (duplicate_instrumentation), http.method
//	    INTERNAL "handler" (vague_span_name)
//
// With -metrics, one http.server.request.duration histogram in ms
// (unit_mismatch, the conventions say s); with -logs, one log record per
// trace with http.method (deprecated). An empty -service leaves the SDK's
// default unknown_service:... (missing_service_name).
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploghttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetricgrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	otellog "go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/metric"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

func main() {
	endpoint := flag.String("endpoint", "127.0.0.1:4317", "OTLP/gRPC endpoint for traces and metrics (loopback only)")
	httpEndpoint := flag.String("http-endpoint", "127.0.0.1:4318", "OTLP/HTTP endpoint for logs (loopback only)")
	service := flag.String("service", "checkout", `service.name ("" keeps the SDK default unknown_service)`)
	traces := flag.Int("traces", 10, "traces to send")
	metrics := flag.Bool("metrics", false, "also send one http.server.request.duration histogram in ms")
	logs := flag.Bool("logs", false, "also send one log record per trace, over OTLP/HTTP")
	flag.Parse()
	for _, e := range []string{*endpoint, *httpEndpoint} {
		if host, _, err := net.SplitHostPort(e); err != nil || !(net.ParseIP(host).IsLoopback() || host == "localhost") {
			fmt.Fprintln(os.Stderr, "otlpsend: endpoints must be loopback addresses")
			os.Exit(2)
		}
	}
	if err := run(*endpoint, *httpEndpoint, *service, *traces, *metrics, *logs); err != nil {
		fmt.Fprintln(os.Stderr, "otlpsend:", err)
		os.Exit(1)
	}
}

func run(endpoint, httpEndpoint, service string, traces int, metrics, logs bool) error {
	ctx := context.Background()
	var attrs []attribute.KeyValue
	if service != "" {
		attrs = append(attrs, attribute.String("service.name", service), attribute.String("service.version", "1.0.0"))
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(attrs...))
	if err != nil {
		return err
	}
	texp, err := otlptracegrpc.New(ctx, otlptracegrpc.WithEndpoint(endpoint), otlptracegrpc.WithInsecure())
	if err != nil {
		return err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(texp), sdktrace.WithResource(res))
	tr := tp.Tracer("shop/http")
	var lp *sdklog.LoggerProvider
	var logger otellog.Logger
	if logs {
		lexp, err := otlploghttp.New(ctx, otlploghttp.WithEndpoint(httpEndpoint), otlploghttp.WithInsecure())
		if err != nil {
			return err
		}
		lp = sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewBatchProcessor(lexp)), sdklog.WithResource(res))
		logger = lp.Logger("shop/log")
	}
	request := []attribute.KeyValue{
		attribute.String("http.request.method", "GET"), attribute.String("http.route", "/cart"),
		attribute.String("url.path", "/cart"), attribute.String("url.scheme", "http"),
		attribute.String("http.method", "GET"),
	}
	for range traces {
		ctx, outer := tr.Start(ctx, "GET /cart", trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(request...),
			trace.WithAttributes(attribute.String("http.response.status_code", "200")))
		ctx, inner := tr.Start(ctx, "GET /cart", trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(request...))
		_, h := tr.Start(ctx, "handler")
		h.End()
		inner.End()
		outer.End()
		if logger != nil {
			var r otellog.Record
			r.SetTimestamp(time.Now())
			r.SetBody(attribute.StringValue("cart served"))
			r.AddAttributes(attribute.String("http.method", "GET"))
			logger.Emit(ctx, r)
		}
	}
	if err := tp.Shutdown(ctx); err != nil {
		return fmt.Errorf("traces: %w", err)
	}
	if lp != nil {
		if err := lp.Shutdown(ctx); err != nil {
			return fmt.Errorf("logs: %w", err)
		}
	}
	if metrics {
		mexp, err := otlpmetricgrpc.New(ctx, otlpmetricgrpc.WithEndpoint(endpoint), otlpmetricgrpc.WithInsecure())
		if err != nil {
			return err
		}
		mp := sdkmetric.NewMeterProvider(sdkmetric.WithResource(res),
			sdkmetric.WithReader(sdkmetric.NewPeriodicReader(mexp, sdkmetric.WithInterval(time.Hour))))
		h, err := mp.Meter("shop/http").Float64Histogram("http.server.request.duration", metric.WithUnit("ms"))
		if err != nil {
			return err
		}
		h.Record(ctx, 12, metric.WithAttributes(attribute.String("http.request.method", "GET"), attribute.String("url.scheme", "http")))
		if err := mp.Shutdown(ctx); err != nil { // the periodic reader exports on shutdown
			return fmt.Errorf("metrics: %w", err)
		}
	}
	return nil
}
