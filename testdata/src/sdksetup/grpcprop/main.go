// Command grpcprop traces its gRPC client and injects trace context by
// hand, through the global propagator that nobody sets.
package main

import (
	"context"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/grpc"

	"sdksetup/tracerlib"
)

func main() { // want `no package of this program calls otel.SetTextMapPropagator, but otelgrpc.NewClientHandler in sdksetup/grpcprop propagates`
	tp := sdktrace.NewTracerProvider()
	defer tp.Shutdown(context.Background())
	otel.SetTracerProvider(tp)
	_ = grpc.WithStatsHandler(otelgrpc.NewClientHandler())
	req, _ := http.NewRequest("GET", "http://inventory/", nil)
	otel.GetTextMapPropagator().Inject(context.Background(), propagation.HeaderCarrier(req.Header))
	tracerlib.Work(context.Background())
}
