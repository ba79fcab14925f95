package translator

import (
	"go.opentelemetry.io/otel/attribute"
	semconv21 "go.opentelemetry.io/otel/semconv/v1.21.0"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
)

// A translator imports old versions to recognize their keys and writes
// the current ones: not mixed conventions (regression test from the
// collector's Zipkin and Jaeger translators).
func translate(in map[string]string) []attribute.KeyValue {
	var out []attribute.KeyValue
	if v, ok := in[string(semconv21.HTTPStatusCodeKey)]; ok {
		out = append(out, semconv.ServerAddress(v))
	}
	return out
}
