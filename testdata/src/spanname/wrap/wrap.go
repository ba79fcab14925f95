// Package wrap has tracing helpers used from other packages.
package wrap

import (
	"context"

	"github.com/google/uuid"
	"go.opentelemetry.io/otel/trace"
)

var tracer trace.Tracer

// Traced runs f in a span named name; the name is judged where Traced is called.
func Traced(ctx context.Context, name string, f func(context.Context)) { // want Traced:"namesSpan\\(1 name\\)"
	ctx, span := tracer.Start(ctx, name)
	defer span.End()
	f(ctx)
}

// Op prefixes the operation with the service name.
func Op(ctx context.Context, op string) (context.Context, trace.Span) { // want Op:"namesSpan\\(1 op\\)"
	return tracer.Start(ctx, "billing."+op)
}

// RequestID returns a new request ID.
func RequestID() string { // want RequestID:"returns\\(unbounded\\(id: a generated ID from uuid.NewString \\(returned by RequestID\\)\\)\\)"
	return uuid.NewString()
}

// Region returns one of a few regions.
func Region(east bool) string { // want Region:"returns\\(bounded\\)"
	if east {
		return "us-east"
	}
	return "us-west"
}
