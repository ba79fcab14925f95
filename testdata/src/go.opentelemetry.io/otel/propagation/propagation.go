// Package propagation is a hermetic stub of go.opentelemetry.io/otel/propagation.
package propagation

import (
	"context"
	"net/http"
)

type TextMapCarrier interface {
	Get(key string) string
	Set(key string, value string)
	Keys() []string
}

type HeaderCarrier http.Header

func (hc HeaderCarrier) Get(key string) string        { return "" }
func (hc HeaderCarrier) Set(key string, value string) {}
func (hc HeaderCarrier) Keys() []string               { return nil }

type MapCarrier map[string]string

func (c MapCarrier) Get(key string) string { return "" }
func (c MapCarrier) Set(key, value string) {}
func (c MapCarrier) Keys() []string        { return nil }

type TextMapPropagator interface {
	Inject(ctx context.Context, carrier TextMapCarrier)
	Extract(ctx context.Context, carrier TextMapCarrier) context.Context
	Fields() []string
}

type TraceContext struct{}

func (tc TraceContext) Inject(ctx context.Context, carrier TextMapCarrier) {}
func (tc TraceContext) Extract(ctx context.Context, carrier TextMapCarrier) context.Context {
	return ctx
}
func (tc TraceContext) Fields() []string { return nil }

type Baggage struct{}

func (b Baggage) Inject(ctx context.Context, carrier TextMapCarrier) {}
func (b Baggage) Extract(ctx context.Context, carrier TextMapCarrier) context.Context {
	return ctx
}
func (b Baggage) Fields() []string { return nil }

func NewCompositeTextMapPropagator(p ...TextMapPropagator) TextMapPropagator { return nil }
