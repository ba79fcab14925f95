// Package grpc is a hermetic stub of google.golang.org/grpc (v1.83).
package grpc

import (
	"context"
	"net/http"

	"google.golang.org/grpc/stats"
)

type Server struct{}
type ClientConn struct{}

type ServerOption interface{ apply() }
type DialOption interface{ applyDial() }

type serverOption struct{}

func (serverOption) apply() {}

type dialOption struct{}

func (dialOption) applyDial() {}

type UnaryServerInfo struct{ FullMethod string }
type StreamServerInfo struct{ FullMethod string }
type UnaryHandler func(ctx context.Context, req any) (any, error)
type StreamHandler func(srv any, stream ServerStream) error
type ServerStream interface{ Context() context.Context }
type ClientStream interface{ Context() context.Context }
type StreamDesc struct{}
type CallOption interface{}
type UnaryInvoker func(ctx context.Context, method string, req, reply any, cc *ClientConn, opts ...CallOption) error
type Streamer func(ctx context.Context, desc *StreamDesc, cc *ClientConn, method string, opts ...CallOption) (ClientStream, error)

type UnaryServerInterceptor func(ctx context.Context, req any, info *UnaryServerInfo, handler UnaryHandler) (resp any, err error)
type StreamServerInterceptor func(srv any, ss ServerStream, info *StreamServerInfo, handler StreamHandler) error
type UnaryClientInterceptor func(ctx context.Context, method string, req, reply any, cc *ClientConn, invoker UnaryInvoker, opts ...CallOption) error
type StreamClientInterceptor func(ctx context.Context, desc *StreamDesc, cc *ClientConn, method string, streamer Streamer, opts ...CallOption) (ClientStream, error)

func NewServer(opt ...ServerOption) *Server { return &Server{} }

func StatsHandler(h stats.Handler) ServerOption                { return serverOption{} }
func UnaryInterceptor(i UnaryServerInterceptor) ServerOption   { return serverOption{} }
func StreamInterceptor(i StreamServerInterceptor) ServerOption { return serverOption{} }
func ChainUnaryInterceptor(interceptors ...UnaryServerInterceptor) ServerOption {
	return serverOption{}
}
func ChainStreamInterceptor(interceptors ...StreamServerInterceptor) ServerOption {
	return serverOption{}
}

func NewClient(target string, opts ...DialOption) (conn *ClientConn, err error) { return nil, nil }
func Dial(target string, opts ...DialOption) (*ClientConn, error)               { return nil, nil }
func DialContext(ctx context.Context, target string, opts ...DialOption) (conn *ClientConn, err error) {
	return nil, nil
}

func WithStatsHandler(h stats.Handler) DialOption                { return dialOption{} }
func WithUnaryInterceptor(f UnaryClientInterceptor) DialOption   { return dialOption{} }
func WithStreamInterceptor(f StreamClientInterceptor) DialOption { return dialOption{} }
func WithChainUnaryInterceptor(interceptors ...UnaryClientInterceptor) DialOption {
	return dialOption{}
}
func WithChainStreamInterceptor(interceptors ...StreamClientInterceptor) DialOption {
	return dialOption{}
}

type ServiceDesc struct{ ServiceName string }

type ServiceRegistrar interface {
	RegisterService(desc *ServiceDesc, impl any)
}

func (s *Server) RegisterService(sd *ServiceDesc, ss any) {}

// ServeHTTP serves gRPC over an existing HTTP/2 server (the real method).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

func (cc *ClientConn) Invoke(ctx context.Context, method string, args, reply any, opts ...CallOption) error {
	return nil
}
