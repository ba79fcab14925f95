// Command otelconf is set up from a configuration file by otelconf, which
// configures the propagators too.
package main

import (
	"context"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/contrib/otelconf"
	"go.opentelemetry.io/otel"
)

func main() {
	sdk, err := otelconf.NewSDK()
	if err != nil {
		panic(err)
	}
	defer sdk.Shutdown(context.Background())
	otel.SetTracerProvider(sdk.TracerProvider())
	http.ListenAndServe(":8080", otelhttp.NewHandler(http.NotFoundHandler(), "server"))
}
