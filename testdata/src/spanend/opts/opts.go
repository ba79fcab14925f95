package opts

import (
	"context"

	"spanend/telemetry"
)

func work(ctx context.Context) error { return nil }

func leaks(ctx context.Context) error {
	ctx, span := telemetry.StartSpan(ctx, "x") // want `span "span" started by telemetry.StartSpan is not ended on the return at line 14`
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
