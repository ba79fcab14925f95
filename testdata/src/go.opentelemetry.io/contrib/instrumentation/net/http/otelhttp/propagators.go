package otelhttp

import "go.opentelemetry.io/otel/propagation"

func WithPropagators(ps propagation.TextMapPropagator) Option { return optionFunc(func(*config) {}) }
