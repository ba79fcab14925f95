// Command spread builds its otelhttp options elsewhere: they may hold the
// propagators and the provider, so nothing is reported.
package main

import (
	"context"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

var opts []otelhttp.Option

func main() {
	tp := sdktrace.NewTracerProvider()
	defer tp.Shutdown(context.Background())
	http.ListenAndServe(":8080", otelhttp.NewHandler(http.NotFoundHandler(), "server", opts...))
}
