// Package tracetest has the shape of go-zero's core/trace/tracetest: a
// test helper package outside _test.go files, allowed by the default globs.
package tracetest

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/sdk/trace"
)

func NewInMemoryExporter(exp trace.SpanExporter) { // want NewInMemoryExporter:`usesSyncExport\(sdktrace.WithSyncer\)`
	otel.SetTracerProvider(trace.NewTracerProvider(trace.WithSyncer(exp)))
}
