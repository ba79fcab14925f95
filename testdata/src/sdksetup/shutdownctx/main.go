// Command shutdownctx has a background context in scope.
package main

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

var exporter sdktrace.SpanExporter

func main() {
	ctx := context.Background()
	otel.SetTextMapPropagator(propagation.TraceContext{})
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter)) // want `tracer provider tp is never shut down`
	otel.SetTracerProvider(tp)
	_, span := tp.Tracer("shutdownctx").Start(ctx, "run")
	span.End()
}
