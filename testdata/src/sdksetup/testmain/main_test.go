package main

import (
	"context"
	"net/http"
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"sdksetup/testmainlib"
)

// Tests run their own setup; a main package of tests only is no program,
// though what it imports would be reported at a program's main.
func main() {
	h, _ := testmainlib.Handler()
	_ = h
	tp := sdktrace.NewTracerProvider()
	otel.SetTracerProvider(tp)
	http.ListenAndServe(":8080", otelhttp.NewHandler(http.NotFoundHandler(), "server"))
}

func TestMain(t *testing.T) { _ = context.Background() }
