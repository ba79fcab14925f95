package otelgrpc

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
)

// Metric attribute options (real signatures of v0.72.0), for the highcard tests.

func WithMetricAttributes(a ...attribute.KeyValue) Option { return optionFunc(func(*config) {}) }

func WithMetricAttributesFn(fn func(ctx context.Context) []attribute.KeyValue) Option {
	return optionFunc(func(*config) {})
}
