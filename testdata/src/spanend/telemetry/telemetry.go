// Package telemetry is a company wrapper whose functions have no body the
// analyzer could learn from; the start-functions and end-functions options
// name them.
package telemetry

import (
	"context"

	"go.opentelemetry.io/otel/trace"
)

func StartSpan(ctx context.Context, name string) (context.Context, trace.Span) { return ctx, nil }

func EndWithCause(span trace.Span, err error) {}
