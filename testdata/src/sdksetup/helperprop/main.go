// Command helperprop sends with otelhttp.Get, which propagates through the
// global propagator, and sets none.
package main

import (
	"context"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

var exporter sdktrace.SpanExporter

func main() { // want `no package of this program calls otel.SetTextMapPropagator, but otelhttp.Get in sdksetup/helperprop propagates trace context`
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))
	defer tp.Shutdown(context.Background())
	otel.SetTracerProvider(tp)
	otelhttp.Get(context.Background(), "http://inventory/stock")
}
