package grpcsrv

import (
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"google.golang.org/grpc"
)

// A gRPC server served through net/http (ServeHTTP) and wrapped by
// otelhttp, while its stats handler already traces every RPC: each
// request gets two SERVER spans (a miss found on real code).
func overHTTP() {
	s := grpc.NewServer(grpc.StatsHandler(otelgrpc.NewServerHandler()))
	http.ListenAndServe("127.0.0.1:8080", otelhttp.NewHandler(s, "grpc")) // want `otelhttp.NewHandler wraps gRPC server s, which already has otelgrpc.NewServerHandler \(line 15\) as its stats handler; each RPC gets two SERVER spans \(HTTP and RPC\): remove the otelhttp wrapper`
	var h http.Handler = otelhttp.NewHandler(s, "grpc")                   // want `otelhttp.NewHandler wraps gRPC server s`
	_ = h
	// Without otelgrpc on the server, otelhttp is its only instrumentation.
	plain := grpc.NewServer()
	http.ListenAndServe("127.0.0.1:8081", otelhttp.NewHandler(plain, "grpc"))
}
