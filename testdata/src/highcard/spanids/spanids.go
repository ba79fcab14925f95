// Package spanids is checked with span-ids set and a custom unbounded-keys list.
package spanids

import (
	"context"

	"github.com/google/uuid"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

var jobs metric.Int64Counter

func run(ctx context.Context, span trace.Span, tenant string) {
	span.SetAttributes(attribute.String("job.id", uuid.NewString()))                     // want `span attribute "job.id" takes a generated ID from uuid.NewString at line 16; IDs on spans are unbounded \(span-ids is enabled\)`
	span.SetAttributes(attribute.String("trace", span.SpanContext().TraceID().String())) // want `span attribute "trace" takes a trace.TraceID value`
	jobs.Add(ctx, 1, metric.WithAttributes(attribute.String("tenant.id", tenant)))       // want `metric attribute "tenant.id" is unbounded by convention`
	jobs.Add(ctx, 1, metric.WithAttributes(attribute.String("user.id", tenant)))         // user.id is not in the custom list
}
