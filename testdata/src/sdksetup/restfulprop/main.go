// Command restfulprop filters go-restful requests through otelrestful
// without WithPropagators, and sets no propagator.
package main

import (
	"context"

	"go.opentelemetry.io/contrib/instrumentation/github.com/emicklei/go-restful/otelrestful"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

var exporter sdktrace.SpanExporter

func main() { // want `no package of this program calls otel.SetTextMapPropagator, but otelrestful.OTelFilter in sdksetup/restfulprop propagates trace context`
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))
	defer tp.Shutdown(context.Background())
	otel.SetTracerProvider(tp)
	_ = otelrestful.OTelFilter("svc")
}
