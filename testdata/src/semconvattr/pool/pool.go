package pool

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// Beside other db.* keys, the legacy connection-pool names are what they look like.
func poolStats(span trace.Span) {
	span.SetAttributes(
		attribute.String("db.system.name", "redis"),
		attribute.String("state", "idle"),     // want `attribute key "state" is deprecated in semantic conventions 1.44.0: renamed to "db.client.connection.state"`
		attribute.String("pool.name", "main"), // want `attribute key "pool.name" is deprecated .*renamed to "db.client.connection.pool.name"`
	)
}
