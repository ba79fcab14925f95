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

func (hc HeaderCarrier) Get(key string) string        { return http.Header(hc).Get(key) }
func (hc HeaderCarrier) Set(key string, value string) { http.Header(hc).Set(key, value) }
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

func (TraceContext) Inject(ctx context.Context, carrier TextMapCarrier) {}
func (TraceContext) Extract(ctx context.Context, carrier TextMapCarrier) context.Context {
	return ctx
}
func (TraceContext) Fields() []string { return nil }

type Baggage struct{}

func (Baggage) Inject(ctx context.Context, carrier TextMapCarrier) {}
func (Baggage) Extract(ctx context.Context, carrier TextMapCarrier) context.Context {
	return ctx
}
func (Baggage) Fields() []string { return nil }

func NewCompositeTextMapPropagator(p ...TextMapPropagator) TextMapPropagator { return TraceContext{} }
