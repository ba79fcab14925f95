// Package httpconv is a hermetic stub of
// go.opentelemetry.io/otel/semconv/v1.37.0/httpconv: two of its typed
// instruments, with the real signatures and bodies that build the
// attributes as the generated code does.
package httpconv

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

type RequestMethodAttr string

var (
	RequestMethodGet  RequestMethodAttr = "GET"
	RequestMethodPost RequestMethodAttr = "POST"
)

type ServerRequestDuration struct {
	metric.Float64Histogram
}

func NewServerRequestDuration(m metric.Meter, opt ...metric.Float64HistogramOption) (ServerRequestDuration, error) {
	i, err := m.Float64Histogram("http.server.request.duration", opt...)
	return ServerRequestDuration{i}, err
}

func (m ServerRequestDuration) Record(
	ctx context.Context,
	val float64,
	requestMethod RequestMethodAttr,
	urlScheme string,
	attrs ...attribute.KeyValue,
) {
	m.Float64Histogram.Record(ctx, val, metric.WithAttributes(
		append(
			attrs,
			attribute.String("http.request.method", string(requestMethod)),
			attribute.String("url.scheme", urlScheme),
		)...,
	))
}

func (m ServerRequestDuration) RecordSet(ctx context.Context, val float64, set attribute.Set) {
	m.Float64Histogram.Record(ctx, val, metric.WithAttributeSet(set))
}

func (ServerRequestDuration) AttrServerAddress(val string) attribute.KeyValue {
	return attribute.String("server.address", val)
}

func (ServerRequestDuration) AttrRoute(val string) attribute.KeyValue {
	return attribute.String("http.route", val)
}

type ClientActiveRequests struct {
	metric.Int64UpDownCounter
}

func (m ClientActiveRequests) Add(
	ctx context.Context,
	incr int64,
	serverAddress string,
	serverPort int,
	attrs ...attribute.KeyValue,
) {
	m.Int64UpDownCounter.Add(ctx, incr, metric.WithAttributes(
		append(
			attrs,
			attribute.String("server.address", serverAddress),
			attribute.Int("server.port", serverPort),
		)...,
	))
}
