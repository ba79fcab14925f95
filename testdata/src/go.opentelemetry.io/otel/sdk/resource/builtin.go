package resource

import semconv "go.opentelemetry.io/otel/semconv/v1.26.0"

// Default mirrors the real SDK's: the telemetry SDK and default service
// name detectors, with the schema URL of the semconv version the SDK
// imports (v1.26.0 here, as in SDK v1.28.0).
func Default() *Resource { return NewWithAttributes(semconv.SchemaURL) }

func Environment() *Resource { return NewWithAttributes(semconv.SchemaURL) }
