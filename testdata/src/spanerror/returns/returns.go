package returns

import (
	"context"
	"errors"
	"fmt"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
)

var tracer = otel.Tracer("returns")

func work(ctx context.Context) error { return nil }

func silent(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	if err := work(ctx); err != nil {
		return fmt.Errorf("work: %w", err) // want `this return hands back an error but the span started at line 17 records neither the error nor an error status`
	}
	if ctx == nil {
		return errors.New("no context") // want `this return hands back an error`
	}
	return nil
}

func checked(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	err := work(ctx)
	if err != nil {
		return err // want `this return hands back an error`
	}
	return nil
}

// The error may be nil: not reported.
func passThrough(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	return work(ctx)
}

func recorded(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	if err := work(ctx); err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
		return err
	}
	return nil
}
