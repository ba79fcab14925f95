package tests

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("tests")

// Open starts a span its caller must end.
func Open(ctx context.Context) (context.Context, trace.Span) { // want Open:"returnsSpan\\(1\\)"
	return tracer.Start(ctx, "open")
}
