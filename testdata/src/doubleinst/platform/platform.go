// Package platform builds the instrumented routers that services register
// their routes on.
package platform

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

// NewRouter returns a gin engine with tracing.
func NewRouter(service string) *gin.Engine { // want NewRouter:`instrumented\(otelgin.Middleware\)`
	r := gin.New()
	r.Use(otelgin.Middleware(service))
	return r
}

// Mux is served through otelhttp by Serve.
var Mux = http.NewServeMux() // want Mux:`instrumented\(otelhttp.NewHandler\(behind\)\)`

func Serve() error {
	return http.ListenAndServe(":8080", otelhttp.NewHandler(Mux, "server"))
}

// NewClient returns an instrumented HTTP client.
func NewClient() *http.Client { // want NewClient:`instrumented\(otelhttp.NewTransport\)`
	return &http.Client{Transport: otelhttp.NewTransport(http.DefaultTransport)}
}
