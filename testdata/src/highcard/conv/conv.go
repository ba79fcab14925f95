// Package conv records HTTP server metrics through the typed instruments
// of semconv's httpconv package: client-supplied values in their
// attributes are unbounded (misses found on real code).
package conv

import (
	"context"
	"net/http"
	"time"

	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
	"go.opentelemetry.io/otel/semconv/v1.37.0/httpconv"
)

var (
	duration httpconv.ServerRequestDuration
	active   httpconv.ClientActiveRequests
)

func serve(ctx context.Context, r *http.Request, start time.Time) {
	d := time.Since(start).Seconds()
	duration.Record(ctx, d, httpconv.RequestMethodAttr(r.Method),
		r.Header.Get("X-Forwarded-Proto"),  // want `metric attribute "url.scheme" \(httpconv.ServerRequestDuration.Record\) takes r.Header \(a request header\)`
		semconv.ServerAddress(r.Host),      // want `metric attribute "server.address" takes r.Host \(the Host header\)`
		duration.AttrServerAddress(r.Host), // want `metric attribute "server.address" takes r.Host \(the Host header\)`
		duration.AttrRoute(r.Pattern),
	)
	duration.Record(ctx, d, httpconv.RequestMethodGet, "https")
	active.Add(ctx, 1, r.Host, 443) // want `metric attribute "server.address" \(httpconv.ClientActiveRequests.Add\) takes r.Host`
	active.Add(ctx, 1, "api.example.com", 443)
}
