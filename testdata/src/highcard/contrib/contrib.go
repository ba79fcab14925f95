// Package contrib adds metric attributes through the instrumentation
// libraries' hooks.
package contrib

import (
	"context"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
)

func handler(w http.ResponseWriter, r *http.Request) {
	if l, ok := otelhttp.LabelerFromContext(r.Context()); ok {
		l.Add(attribute.String("tenant.tier", "gold"))
		l.Add(attribute.String("path", r.URL.Path)) // want `metric attribute "path" takes r.URL.Path \(the raw URL path\)`
	}
}

func options(region string) []otelhttp.Option {
	return []otelhttp.Option{
		otelhttp.WithMetricAttributesFn(func(r *http.Request) []attribute.KeyValue {
			return []attribute.KeyValue{
				attribute.String("http.route", r.Pattern),
				attribute.String("url.full", r.URL.String()), // want `metric attribute "url.full" takes r.URL.String\(\) \(the full URL\)`
			}
		}),
		otelhttp.WithMetricAttributesFn(metricAttrs),
	}
}

func metricAttrs(r *http.Request) []attribute.KeyValue {
	return []attribute.KeyValue{attribute.String("client", r.RemoteAddr)} // want `metric attribute "client" takes r.RemoteAddr \(the client address\)`
}

func grpcOptions(region, peer string) []otelgrpc.Option {
	return []otelgrpc.Option{
		otelgrpc.WithMetricAttributes(attribute.String("region", region)),
		otelgrpc.WithMetricAttributes(attribute.String("network.peer.address", peer)), // want `metric attribute "network.peer.address" is unbounded by convention`
		otelgrpc.WithMetricAttributesFn(func(ctx context.Context) []attribute.KeyValue {
			return nil
		}),
	}
}
