// Package otelrestful is a stub of the go-restful instrumentation (the API
// of v0.59.0, without the go-restful types).
package otelrestful

import (
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// FilterFunction stands for restful.FilterFunction.
type FilterFunction func()

type Option interface{ apply() }

func OTelFilter(service string, opts ...Option) FilterFunction { return nil }

func WithPropagators(ps propagation.TextMapPropagator) Option { return nil }

func WithTracerProvider(provider trace.TracerProvider) Option { return nil }
