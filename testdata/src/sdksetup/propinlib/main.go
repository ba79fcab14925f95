// Command propinlib is set up by a library package: propagator and
// provider both count.
package main

import (
	"context"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"sdksetup/libsetup"
	"sdksetup/tracerlib"
)

var exporter sdktrace.SpanExporter

func main() {
	tp := libsetup.Install(exporter)
	defer tp.Shutdown(context.Background())
	tracerlib.Work(context.Background())
	http.ListenAndServe(":8080", otelhttp.NewHandler(http.NotFoundHandler(), "server"))
}
