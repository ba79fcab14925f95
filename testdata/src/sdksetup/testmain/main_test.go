package main

import (
	"context"
	"net/http"
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Tests run their own setup; a main package of tests only is no program.
func main() {
	tp := sdktrace.NewTracerProvider()
	otel.SetTracerProvider(tp)
	http.ListenAndServe(":8080", otelhttp.NewHandler(http.NotFoundHandler(), "server"))
}

func TestMain(t *testing.T) { _ = context.Background() }
