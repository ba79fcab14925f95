// Package noopspan starts placeholder spans on the no-op tracer, which
// records and exports nothing: their names are never seen, so an empty
// name is not reported (noise found on real code: a no-op span as a
// stand-in where a span is required).
package noopspan

import (
	"context"

	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

var real trace.Tracer

var placeholder = noop.NewTracerProvider().Tracer("")

func stubs(ctx context.Context) {
	_, span := noop.NewTracerProvider().Tracer("").Start(ctx, "")
	span.End()
	var t trace.Tracer = noop.Tracer{}
	_, span = t.Start(ctx, "")
	span.End()
	nt := noop.NewTracerProvider().Tracer("x")
	_, span = nt.Start(ctx, "")
	span.End()
	_, span = placeholder.Start(ctx, "")
	span.End()
	// A real tracer's span is exported under its name.
	_, span = real.Start(ctx, "") // want `span name is empty`
	span.End()
}
