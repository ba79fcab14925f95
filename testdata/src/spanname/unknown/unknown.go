// Package unknown is checked with report-unknown set.
package unknown

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel/trace"
)

var tracer trace.Tracer

type ident string

func (i ident) Sanitize() string { return string(i) }

type job struct {
	kind, queue  string
	table, kind2 ident
}

func run(ctx context.Context, j job) {
	tracer.Start(ctx, "job."+j.kind)                         // want `span name is built from values that may not come from a small set`
	tracer.Start(ctx, fmt.Sprintf("%s/%s", j.queue, j.kind)) // want `span name is built from values that may not come from a small set`
	tracer.Start(ctx, j.kind)                                // passed through, not built: silent
	tracer.Start(ctx, "job.run")
	// Messaging destinations and database tables are low-cardinality by
	// convention (regression test: kotel names spans r.Topic+" publish").
	tracer.Start(ctx, j.queue+" publish")
	tracer.Start(ctx, fmt.Sprintf("%s.%s", j.queue, "process"))
	tracer.Start(ctx, "copy_from "+j.table.Sanitize()) // otelpgx
	tracer.Start(ctx, "copy_from "+j.kind2.Sanitize()) // want `span name is built from values that may not come from a small set`
}
