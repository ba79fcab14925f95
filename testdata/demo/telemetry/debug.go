package telemetry

import sdktrace "go.opentelemetry.io/otel/sdk/trace"

// NewDebugProcessor is used by the debug endpoint.
func NewDebugProcessor(exp sdktrace.SpanExporter) sdktrace.SpanProcessor {
	return sdktrace.NewSimpleSpanProcessor(exp)
}
