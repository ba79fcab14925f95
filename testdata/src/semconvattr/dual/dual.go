package dual

import (
	"go.opentelemetry.io/otel/attribute"
	semconv "go.opentelemetry.io/otel/semconv/v1.21.0"
	"go.opentelemetry.io/otel/trace"
)

// Dual emission while consumers migrate: the deprecated key is written
// beside its replacement in the same package, deliberately.
func dual(span trace.Span, code int) {
	span.SetAttributes(attribute.Int("http.status_code", code), attribute.Int("http.response.status_code", code))
}

func dualSemconv(span trace.Span, code int) {
	span.SetAttributes(semconv.HTTPMethodKey.String("GET"), semconv.HTTPRequestMethodKey.String("GET"))
}
