// Package rpc builds the demo's gRPC server.
package rpc

import (
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"google.golang.org/grpc"
)

// NewServer returns the gRPC server. The tracing option was added twice
// during a refactoring, so every RPC gets two SERVER spans.
func NewServer() *grpc.Server {
	return grpc.NewServer(
		grpc.StatsHandler(otelgrpc.NewServerHandler()),
		grpc.StatsHandler(otelgrpc.NewServerHandler()),
	)
}
