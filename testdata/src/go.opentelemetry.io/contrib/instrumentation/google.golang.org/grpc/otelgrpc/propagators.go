package otelgrpc

import "go.opentelemetry.io/otel/propagation"

func WithPropagators(p propagation.TextMapPropagator) Option { return optionFunc(func(*config) {}) }
