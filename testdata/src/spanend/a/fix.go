package a

import (
	"context"

	"go.opentelemetry.io/otel/trace"
)

func never(ctx context.Context) {
	ctx, span := tracer.Start(ctx, "never") // want `span "span" started by tracer.Start is never ended; an unended span is never exported`
	span.SetAttributes()
	_ = work(ctx)
}

func goroutineNoEnd(ctx context.Context) {
	_, span := tracer.Start(ctx, "g") // want `is never ended`
	go func() { span.SetAttributes() }()
}

func neverInSwitch(ctx context.Context, k int) {
	switch k {
	case 1:
		_, s := tracer.Start(ctx, "one") // want `span "s" started by tracer.Start is never ended`
		s.AddEvent("x")
	}
}

// No fix in a loop, where defers would pile up.
func neverInLoop(ctx context.Context, items []string) {
	for _, it := range items {
		_, span := tracer.Start(ctx, it) // want `is never ended`
		span.AddEvent(it)
	}
}

var _ trace.Span

// The defer ends the first span only: the variable is reassigned.
func reassigned(ctx context.Context) {
	ctx, span := tracer.Start(ctx, "first")
	defer span.End()
	ctx, span = tracer.Start(ctx, "second") // want `span "span" started by tracer.Start is never ended`
	_ = work(ctx)
}
