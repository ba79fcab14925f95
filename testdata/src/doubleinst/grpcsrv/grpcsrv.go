package grpcsrv

import (
	"context"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel"
	"google.golang.org/grpc"
)

var _ = otel.Tracer

func both() *grpc.Server {
	return grpc.NewServer(
		grpc.StatsHandler(otelgrpc.NewServerHandler()),
		grpc.UnaryInterceptor(otelgrpc.UnaryServerInterceptor()),   // want `otelgrpc.UnaryServerInterceptor creates a second SERVER span for each RPC: this gRPC server also has otelgrpc.NewServerHandler \(line 15\) as its stats handler: remove the interceptor`
		grpc.StreamInterceptor(otelgrpc.StreamServerInterceptor()), // want `otelgrpc.StreamServerInterceptor creates a second SERVER span for each RPC`
	)
}

func chained(logging grpc.UnaryServerInterceptor) *grpc.Server {
	opts := []grpc.ServerOption{grpc.StatsHandler(otelgrpc.NewServerHandler())}
	opts = append(opts, grpc.ChainUnaryInterceptor(logging, otelgrpc.UnaryServerInterceptor())) // want `otelgrpc.UnaryServerInterceptor creates a second SERVER span for each RPC: this gRPC server also has otelgrpc.NewServerHandler \(line 22\)`
	return grpc.NewServer(opts...)
}

func client(ctx context.Context) (*grpc.ClientConn, error) {
	return grpc.NewClient("localhost:4317",
		grpc.WithStatsHandler(otelgrpc.NewClientHandler()),
		grpc.WithStatsHandler(otelgrpc.NewClientHandler()), // want `otelgrpc.NewClientHandler is installed twice on this gRPC client \(first at line 29\); each RPC gets two CLIENT spans: remove one`
	)
}

func dial(ctx context.Context) (*grpc.ClientConn, error) {
	return grpc.DialContext(ctx, "localhost:4317",
		grpc.WithStatsHandler(otelgrpc.NewClientHandler()),
		grpc.WithUnaryInterceptor(otelgrpc.UnaryClientInterceptor())) // want `otelgrpc.UnaryClientInterceptor creates a second CLIENT span for each RPC`
}

// once is correct: server-side stats handler and client-side interceptor are different spans.
func once() {
	grpc.NewServer(grpc.StatsHandler(otelgrpc.NewServerHandler()), grpc.UnaryInterceptor(nil))
	grpc.NewClient("x", grpc.WithUnaryInterceptor(otelgrpc.UnaryClientInterceptor()))
	grpc.NewServer(grpc.UnaryInterceptor(otelgrpc.UnaryServerInterceptor()), grpc.StreamInterceptor(otelgrpc.StreamServerInterceptor()))
}

// optsFromConfig returns the options instead of building the server
// (adapted from a public service, x40.link's di.OptsFromViper).
func optsFromConfig(auth grpc.UnaryServerInterceptor) []grpc.ServerOption {
	opts := []grpc.ServerOption{}
	opts = append(opts,
		grpc.StatsHandler(otelgrpc.NewServerHandler()),
		grpc.UnaryInterceptor(otelgrpc.UnaryServerInterceptor()), // want `otelgrpc.UnaryServerInterceptor creates a second SERVER span for each RPC: this gRPC server also has otelgrpc.NewServerHandler \(line 52\)`
	)
	if auth != nil {
		opts = append(opts, grpc.UnaryInterceptor(auth))
	}
	return opts
}

// eitherOr installs one of the two, never both.
func eitherOr(statsHandler bool) *grpc.Server {
	var opts []grpc.ServerOption
	if statsHandler {
		opts = append(opts, grpc.StatsHandler(otelgrpc.NewServerHandler()))
	} else {
		opts = append(opts, grpc.UnaryInterceptor(otelgrpc.UnaryServerInterceptor()))
	}
	return grpc.NewServer(opts...)
}
