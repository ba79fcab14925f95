// Package sc uses semconv constructors and keys in metric attributes.
package sc

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
)

var requests metric.Int64Counter

func record(ctx context.Context, r *http.Request, peer string) {
	requests.Add(ctx, 1, metric.WithAttributes(
		semconv.HTTPRoute(r.Pattern),
		semconv.URLPath(r.URL.Path),           // want `metric attribute "url.path" takes r.URL.Path \(the raw URL path\)`
		semconv.ClientAddress(peer),           // want `metric attribute "client.address" is unbounded by convention`
		semconv.ClientAddressKey.String(peer), // want `metric attribute "client.address" is unbounded by convention`
		semconv.URLPath("/healthz"),           // a constant: fine
		semconv.ServerAddress(r.Host),         // want `metric attribute "server.address" takes r.Host \(the Host header\)`
		semconv.ServerAddress(peer),           // server.address is not unbounded by convention
		semconv.HTTPResponseStatusCode(200),
	))
}
