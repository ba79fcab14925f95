package b

import (
	"context"

	"go.opentelemetry.io/otel"

	"spanerror/helpers"
)

var tracer = otel.Tracer("b")

func work(ctx context.Context) error { return nil }

func viaFail(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	if err := work(ctx); err != nil {
		span.RecordError(err)
		helpers.Fail(span, err)
		return err
	}
	return nil
}

func viaRecord(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	if err := work(ctx); err != nil {
		helpers.Record(err, span) // want `helpers.Record records an error but span "span" can end at line 31 with its status unset`
		return err
	}
	return nil
}
