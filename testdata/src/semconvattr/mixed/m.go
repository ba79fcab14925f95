package mixed

import (
	semconv21 "go.opentelemetry.io/otel/semconv/v1.21.0" // want `package mixed imports semconv v1.21.0 and v1.26.0; one service then records attributes of different convention versions`
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
	"go.opentelemetry.io/otel/trace"
)

func f(span trace.Span) {
	span.SetAttributes(semconv.HTTPRequestMethodGet, semconv.HTTPResponseStatusCode(200), semconv21.ServiceName("x"))
	// The old side of a migration: the mixed import is the finding.
	span.SetAttributes(semconv21.HTTPStatusCodeKey.Int(200))
	span.SetAttributes(semconv.DBSystemKey.String("postgresql")) // want `DBSystemKey of semconv/v1.26.0 \("db.system"\) is deprecated .*renamed to "db.system.name".*this semconv package has no identifier for it: move to a newer semconv package`
}
