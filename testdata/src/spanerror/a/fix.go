package a

import (
	"context"

	otelcodes "go.opentelemetry.io/otel/codes"
)

var _ = otelcodes.Ok

func fixAliased(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "x")
	defer span.End()
	if err := work(ctx); err != nil {
		span.RecordError(err) // want `RecordError records an error`
		return err
	}
	return nil
}
