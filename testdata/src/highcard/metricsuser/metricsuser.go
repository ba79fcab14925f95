// Package metricsuser records metrics through the in-house wrappers of
// package metrics.
package metricsuser

import (
	"context"
	"net/http"

	"highcard/metrics"

	"go.opentelemetry.io/otel/attribute"
)

func handle(ctx context.Context, r *http.Request, rec metrics.Recorder) {
	metrics.IncrementCounter(ctx, "requests", "path", r.URL.Path, "method", r.Method) // want `metric attribute "path" \(metrics.IncrementCounter\) takes r.URL.Path \(the raw URL path\)`
	metrics.ObservePath(ctx, r.URL.Path)                                              // want `metric attribute "url.path" \(metrics.ObservePath\) takes r.URL.Path`
	metrics.ObservePath(ctx, "/healthz")
	rec.Inc(ctx, attribute.String("agent", r.UserAgent())) // want `metric attribute "agent" takes r.UserAgent\(\) \(the User-Agent header\)`
	rec.Inc(ctx, attribute.String("method", r.Method))
}
