// Package otelconf is a hermetic stub of go.opentelemetry.io/contrib/otelconf.
package otelconf

import (
	"context"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

type SDK struct{}

func (s *SDK) TracerProvider() trace.TracerProvider      { return nil }
func (s *SDK) Propagator() propagation.TextMapPropagator { return nil }
func (s *SDK) Shutdown(ctx context.Context) error        { return nil }

type ConfigurationOption interface{ apply() }

func NewSDK(opts ...ConfigurationOption) (SDK, error) { return SDK{}, nil }
