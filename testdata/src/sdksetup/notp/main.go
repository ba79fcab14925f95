// Command notp creates a tracer provider and forgets to install it, while
// its library takes tracers from the global one.
package main

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"sdksetup/tracerlib"
)

var exporter sdktrace.SpanExporter

func main() { // want `otel.Tracer in sdksetup/tracerlib takes its tracer from the global provider, but no package of this program calls otel.SetTracerProvider: every span goes to the no-op provider and nothing is exported; install the provider of sdktrace.NewTracerProvider in sdksetup/notp with otel.SetTracerProvider`
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))
	defer tp.Shutdown(context.Background())
	otel.SetTextMapPropagator(propagation.TraceContext{})
	tracerlib.Work(context.Background())
}
