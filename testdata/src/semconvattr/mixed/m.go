package mixed

import (
	"go.opentelemetry.io/otel/attribute"
	semconv21 "go.opentelemetry.io/otel/semconv/v1.21.0" // want `package mixed writes attributes of semconv v1.21.0 and v1.26.0; one service then records attributes of different convention versions`
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
	"go.opentelemetry.io/otel/trace"
)

func f(span trace.Span) {
	span.SetAttributes(semconv.HTTPRequestMethodGet, semconv.HTTPResponseStatusCode(200), semconv21.ServiceName("x"))
	// The old side of a migration: the mixed import is the finding.
	span.SetAttributes(semconv21.HTTPStatusCodeKey.Int(200))
	// A literal key that the older semconv package defines is the old
	// side too (regression test from otelgrpc's stability opt-in).
	span.SetAttributes(attribute.Int("http.status_code", 200))
	// Keys the older package does not define are still checked.
	span.SetAttributes(attribute.String("http.client_ip", "10.0.0.1")) // want `attribute key "http.client_ip" is deprecated .*renamed to "client.address"`
	span.SetAttributes(semconv.DBSystemKey.String("postgresql"))       // want `DBSystemKey of semconv/v1.26.0 \("db.system"\) is deprecated .*renamed to "db.system.name".*this semconv package has no identifier for it: move to a newer semconv package`
}
