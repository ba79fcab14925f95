// Package testmainlib creates a tracer provider and serves through
// otelhttp without setting a propagator: a program that imports it, and
// sets none either, is reported at its main.
package testmainlib

import (
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

func Handler() (http.Handler, *sdktrace.TracerProvider) {
	return otelhttp.NewHandler(http.NotFoundHandler(), "server"), sdktrace.NewTracerProvider()
}
