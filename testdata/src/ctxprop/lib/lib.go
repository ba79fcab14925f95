// Package lib has helpers that start spans from their context parameter,
// for the facts the importing packages use.
package lib

import (
	"context"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("lib")

// Load starts a span from ctx.
func Load(ctx context.Context, id string) error { // want Load:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "lib.load")
	defer span.End()
	return nil
}

// Fetch starts a span from its ctx parameter through Load.
func Fetch(id string, ctx context.Context) error { return Load(ctx, id) } // want Fetch:"startsSpan\\(1\\)"

// Plain does not start a span.
func Plain(ctx context.Context) error { return ctx.Err() }

// Client is an instrumented HTTP client.
var Client = &http.Client{Transport: otelhttp.NewTransport(http.DefaultTransport)} // want Client:"instrumented\\(http client\\)"

// NewClient returns an instrumented HTTP client.
func NewClient() *http.Client { // want NewClient:"instrumented\\(http client\\)"
	return &http.Client{Transport: otelhttp.NewTransport(nil)}
}
