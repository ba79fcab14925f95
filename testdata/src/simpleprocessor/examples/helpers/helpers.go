// Package helpers is under an examples directory, where synchronous export
// is allowed; production code calling it is reported.
package helpers

import "go.opentelemetry.io/otel/sdk/trace"

func NewSyncProvider(exp trace.SpanExporter) *trace.TracerProvider { // want NewSyncProvider:`usesSyncExport\(sdktrace.WithSyncer\)`
	return trace.NewTracerProvider(trace.WithSyncer(exp))
}

func Forward(exp trace.SpanExporter) *trace.TracerProvider { // want Forward:`usesSyncExport\(sdktrace.WithSyncer\)`
	return NewSyncProvider(exp)
}

func Batched(exp trace.SpanExporter) *trace.TracerProvider {
	return trace.NewTracerProvider(trace.WithBatcher(exp))
}
