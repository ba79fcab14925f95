// Command nocontext does not import context: the finding has no fix.
package main

import (
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

func main() {
	tp := sdktrace.NewTracerProvider() // want `tracer provider tp is never shut down`
	otel.SetTracerProvider(tp)
}
