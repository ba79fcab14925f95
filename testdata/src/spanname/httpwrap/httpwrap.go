// Package httpwrap names spans through otelhttp's operation parameter.
package httpwrap

import (
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

func routes(mux *http.ServeMux, r *http.Request) {
	otelhttp.NewHandler(mux, "checkout")
	otelhttp.NewHandler(mux, "handler") // want `span name passed to NewHandler \(parameter operation\) "handler" is too generic`
	otelhttp.NewMiddleware(r.URL.Path)  // want `span name passed to NewMiddleware \(parameter operation\) is built from r.URL.Path`
	otelhttp.NewHandler(mux, r.URL.Path, otelhttp.WithSpanNameFormatter(func(op string, r *http.Request) string {
		return r.Method + " " + r.Pattern
	})) // the formatter names the spans

	// Found in prometheus/web: the formatter is built first and passed by
	// name, and the operation left empty.
	formatter := otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
		return r.Method + " " + r.Pattern
	})
	otelhttp.NewHandler(mux, "", formatter)
	other := otelhttp.WithPublicEndpoint()
	otelhttp.NewHandler(mux, "", other) // want `span name passed to NewHandler \(parameter operation\) is empty`
}
