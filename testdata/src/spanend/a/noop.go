package a

import (
	"context"

	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// The no-op tracer records nothing: its spans need no End (kratos tests).
func noopSpans(ctx context.Context) {
	_, span := noop.NewTracerProvider().Tracer("t").Start(ctx, "noop")
	span.SetName("x")
	_, span2 := noop.Tracer{}.Start(ctx, "noop")
	span2.SetName("y")
	var t trace.Tracer = noop.Tracer{}
	_, span3 := t.Start(ctx, "noop")
	span3.SetName("z")
}

// The method value span.End handed back as the cleanup function.
func methodValue(ctx context.Context) (context.Context, func()) {
	ctx, span := tracer.Start(ctx, "mv")
	return ctx, func() { span.End() }
}

func boundMethod(ctx context.Context) (context.Context, func(...trace.SpanEndOption)) {
	ctx, span := tracer.Start(ctx, "bound")
	return ctx, span.End
}
