// Command explicittp hands its provider to every instrumentation it uses:
// it needs no global one.
package main

import (
	"context"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

var exporter sdktrace.SpanExporter

func main() {
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))
	defer tp.Shutdown(context.Background())
	otel.SetTextMapPropagator(propagation.TraceContext{})
	client := &http.Client{Transport: otelhttp.NewTransport(http.DefaultTransport, otelhttp.WithTracerProvider(tp))}
	_ = client
	_, span := tp.Tracer("explicittp").Start(context.Background(), "run")
	span.End()
}
