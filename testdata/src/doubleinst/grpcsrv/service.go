package grpcsrv

import (
	"context"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
)

var tracer = otel.Tracer("grpcsrv")

// A generated registration function and a service implementation.

type GreeterServer interface {
	SayHello(ctx context.Context, name string) (string, error)
}

func RegisterGreeterServer(s grpc.ServiceRegistrar, srv GreeterServer) {
	s.RegisterService(&grpc.ServiceDesc{ServiceName: "Greeter"}, srv)
}

type greeter struct{}

func (greeter) SayHello(ctx context.Context, name string) (string, error) {
	_, span := tracer.Start(ctx, "SayHello", trace.WithSpanKind(trace.SpanKindServer)) // want `SayHello starts a SERVER span, but it is served through otelgrpc.NewServerHandler \(line 41\), which already creates the SERVER span for the RPC; each RPC is traced twice`
	defer span.End()
	return "hello " + name, nil
}

type lister struct{}

func (*lister) SayHello(ctx context.Context, name string) (string, error) {
	_, span := tracer.Start(ctx, "load greeting") // INTERNAL: correct
	defer span.End()
	return name, nil
}

func serveGreeter() {
	s := grpc.NewServer(grpc.StatsHandler(otelgrpc.NewServerHandler()))
	RegisterGreeterServer(s, greeter{})
	plain := grpc.NewServer()
	RegisterGreeterServer(plain, greeter{})
	other := grpc.NewServer(grpc.StatsHandler(otelgrpc.NewServerHandler()))
	RegisterGreeterServer(other, &lister{})
}

func serveWithOptions(public bool) {
	opts := []grpc.ServerOption{grpc.StatsHandler(otelgrpc.NewServerHandler())}
	s := grpc.NewServer(opts...)
	RegisterGreeterServer(s, &tracedGreeter{})
}

type tracedGreeter struct{}

func (*tracedGreeter) SayHello(ctx context.Context, name string) (string, error) {
	_, span := tracer.Start(ctx, "SayHello", trace.WithSpanKind(trace.SpanKindServer)) // want `SayHello starts a SERVER span, but it is served through otelgrpc.NewServerHandler \(line 50\)`
	defer span.End()
	return name, nil
}
