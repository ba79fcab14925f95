// Command noprop installs a tracer provider but no propagator.
package main

import (
	"context"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

var exporter sdktrace.SpanExporter

func main() { // want `no package of this program calls otel.SetTextMapPropagator, but otelhttp.NewHandler in sdksetup/noprop propagates trace context through the global propagator, a no-op: no traceparent is sent or read and every service starts its own trace; call otel.SetTextMapPropagator\(propagation.TraceContext\{\}\) at startup`
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))
	defer tp.Shutdown(context.Background())
	otel.SetTracerProvider(tp)
	http.ListenAndServe(":8080", otelhttp.NewHandler(http.NotFoundHandler(), "server"))
}
