// Package round2 holds the false positives of spanerror found on real code
// in the second precision round.
package round2

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
)

var tracer = otel.Tracer("round2")

func work(ctx context.Context) error { return nil }

// A recorded cancellation is deliberately not a failure.
func canceledRecorded(ctx context.Context) {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	if err := work(ctx); err != nil {
		if errors.Is(err, context.Canceled) {
			span.RecordError(err)
			return
		}
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
}

func statusUnlessCanceled(ctx context.Context) {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	if err := work(ctx); err != nil {
		span.RecordError(err)
		if !errors.Is(err, context.Canceled) {
			span.SetStatus(codes.Error, err.Error())
		}
	}
}

func deadline(ctx context.Context) {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	err := work(ctx)
	if err == context.DeadlineExceeded {
		span.RecordError(err)
		return
	}
}

// Any other error is still reported.
func otherError(ctx context.Context) {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	if err := work(ctx); err != nil {
		if errors.Is(err, errTimeout) {
			span.RecordError(err) // want `RecordError records an error but span "span" can end`
			return
		}
	}
}

var errTimeout = errors.New("timeout")
