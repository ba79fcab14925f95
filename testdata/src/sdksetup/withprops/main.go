// Command withprops hands its propagator and provider to the
// instrumentation, and never touches the globals.
package main

import (
	"context"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

var exporter sdktrace.SpanExporter

func main() {
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))
	defer tp.Shutdown(context.Background())
	h := otelhttp.NewHandler(http.NotFoundHandler(), "server",
		otelhttp.WithTracerProvider(tp), otelhttp.WithPropagators(propagation.TraceContext{}))
	http.ListenAndServe(":8080", h)
}
