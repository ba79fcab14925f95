package a

import "go.opentelemetry.io/otel/sdk/trace"

// Tests may export synchronously: they want every span before asserting.
func newTestProvider(exp trace.SpanExporter) *trace.TracerProvider {
	return trace.NewTracerProvider(trace.WithSyncer(exp))
}
