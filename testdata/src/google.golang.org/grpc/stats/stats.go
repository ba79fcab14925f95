// Package stats is a hermetic stub of google.golang.org/grpc/stats (v1.83).
package stats

import "context"

type RPCTagInfo struct{ FullMethodName string }
type ConnTagInfo struct{}
type RPCStats interface{ IsClient() bool }
type ConnStats interface{ IsClient() bool }

type Handler interface {
	TagRPC(context.Context, *RPCTagInfo) context.Context
	HandleRPC(context.Context, RPCStats)
	TagConn(context.Context, *ConnTagInfo) context.Context
	HandleConn(context.Context, ConnStats)
}
