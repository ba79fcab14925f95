// Package handlers defines HTTP handlers; the routes are registered in
// package app.
package handlers

import (
	"net/http"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("handlers")

func Users(w http.ResponseWriter, r *http.Request) { // want Users:`startsServerSpan\(handlers.go:17\)`
	ctx := r.Context()
	// Not served through instrumentation in this package: nothing to report here.
	_, span := tracer.Start(ctx, "users", trace.WithSpanKind(trace.SpanKindServer))
	defer span.End()
}

type Orders struct{}

func (Orders) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:`startsServerSpan\(handlers.go:24\)`
	_, span := tracer.Start(r.Context(), "orders", trace.WithSpanKind(trace.SpanKindServer))
	defer span.End()
}

// Health starts an INTERNAL span.
func Health(w http.ResponseWriter, r *http.Request) {
	_, span := tracer.Start(r.Context(), "health")
	defer span.End()
}
