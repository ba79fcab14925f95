package opts

import (
	"context"

	"go.opentelemetry.io/otel/trace"

	"spanend/telemetry"
)

func work(ctx context.Context) error { return nil }

func leaks(ctx context.Context) error {
	ctx, span := telemetry.StartSpan(ctx, "x") // want `span "span" started by telemetry.StartSpan is not ended on the return at line 16`
	if err := work(ctx); err != nil {
		return err
	}
	span.End()
	return nil
}

func endsWithCause(ctx context.Context) error {
	ctx, span := telemetry.StartSpan(ctx, "x")
	err := work(ctx)
	telemetry.EndWithCause(span, err)
	return err
}

type status struct {
	span trace.Span
	err  error
}

func bottomHalf(s status) {
	telemetry.EndWithCause(s.span, s.err)
}

// The span goes through a channel to the code that ends it, in the same
// function.
func throughChannel(ctx context.Context) {
	statusCh := make(chan status, 1)
	go func() {
		ctx, span := telemetry.StartSpan(ctx, "top half")
		statusCh <- status{span, work(ctx)}
	}()
	bottomHalf(<-statusCh)
}

func throughChannelSameGoroutine(ctx context.Context) {
	statusCh := make(chan status, 1)
	ctx, span := telemetry.StartSpan(ctx, "top half")
	statusCh <- status{span: span, err: work(ctx)}
	bottomHalf(<-statusCh)
}
