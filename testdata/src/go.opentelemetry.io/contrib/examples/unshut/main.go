// Command unshut is an example inside the OpenTelemetry modules: a
// program like any other, whose mistakes are reported.
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
