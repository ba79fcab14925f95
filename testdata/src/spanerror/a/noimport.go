package a

import (
	"context"

	"go.opentelemetry.io/otel/trace"
)

func noCodesImport(ctx context.Context, span trace.Span) error { // want noCodesImport:"recordsError\\(1\\)"
	defer span.End()
	if err := work(ctx); err != nil {
		span.RecordError(err) // want `RecordError records an error but span "span" can end at line 13 with its status unset`
		return err
	}
	return nil
}

// A local variable named codes shadows the package: no fix.
func shadowed(ctx context.Context, span trace.Span, codes int) error { // want shadowed:"recordsError\\(1\\)"
	defer span.End()
	if err := work(ctx); err != nil {
		span.RecordError(err) // want `RecordError records an error`
		return err
	}
	return nil
}
