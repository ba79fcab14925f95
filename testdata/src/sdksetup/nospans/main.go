// Command nospans wraps its handler in otelhttp but never sets up tracing:
// there is nothing to propagate, and nothing to report.
package main

import (
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
)

func main() {
	otel.SetMeterProvider(nil)
	http.ListenAndServe(":8080", otelhttp.NewHandler(http.NotFoundHandler(), "server"))
}
