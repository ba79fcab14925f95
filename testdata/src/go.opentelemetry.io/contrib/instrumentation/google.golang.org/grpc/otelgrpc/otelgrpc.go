// Package otelgrpc is a hermetic stub of
// go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc
// (signatures of v0.59.0, the last version with the interceptors).
package otelgrpc

import (
	"google.golang.org/grpc"
	"google.golang.org/grpc/stats"

	"go.opentelemetry.io/otel/trace"
)

type Option interface{ apply(*config) }

type config struct{}

type optionFunc func(*config)

func (o optionFunc) apply(c *config) { o(c) }

func WithTracerProvider(tp trace.TracerProvider) Option { return optionFunc(func(*config) {}) }

func NewServerHandler(opts ...Option) stats.Handler { return nil }
func NewClientHandler(opts ...Option) stats.Handler { return nil }

func UnaryClientInterceptor(opts ...Option) grpc.UnaryClientInterceptor   { return nil }
func StreamClientInterceptor(opts ...Option) grpc.StreamClientInterceptor { return nil }
func UnaryServerInterceptor(opts ...Option) grpc.UnaryServerInterceptor   { return nil }
func StreamServerInterceptor(opts ...Option) grpc.StreamServerInterceptor { return nil }
