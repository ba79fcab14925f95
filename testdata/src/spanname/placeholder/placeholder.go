// Package placeholder starts spans with an empty name and renames them
// later, as github.com/uptrace/bun/extra/bunotel does (regression test for
// a false positive found on bunotel v1.2.18).
package placeholder

import (
	"context"

	"go.opentelemetry.io/otel/trace"
)

type hook struct{ tracer trace.Tracer }

func (h *hook) BeforeQuery(ctx context.Context) context.Context {
	ctx, _ = h.tracer.Start(ctx, "", trace.WithSpanKind(trace.SpanKindClient))
	return ctx
}

func (h *hook) AfterQuery(ctx context.Context, operation string) { // want AfterQuery:"namesSpan\\(1 operation\\)"
	span := trace.SpanFromContext(ctx)
	span.SetName(operation)
	span.SetName("") // want `span name is empty`
	defer span.End()
}
