// Command nocontext does not import context: the finding has no fix.
package main

import (
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

var exporter sdktrace.SpanExporter

func main() {
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter)) // want `tracer provider tp is never shut down`
	otel.SetTracerProvider(tp)
}
