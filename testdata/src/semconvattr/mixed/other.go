package mixed

import semconv "go.opentelemetry.io/otel/semconv/v1.26.0"

var _ = semconv.SchemaURL
