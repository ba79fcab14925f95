package generic

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// Generic words the registry keeps only as deprecated database names
// ("state", "pool.name") are not reported without other db.* keys beside
// them: job queues and state machines use them for their own things.
// Regression test from a false positive class found while reviewing
// redisotel's findings.
func job(span trace.Span) {
	span.SetAttributes(attribute.String("state", "running"), attribute.String("pool.name", "workers"))
}
