package receiver

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	colmetricspb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/encoding"
	_ "google.golang.org/grpc/encoding/gzip" // OTLP clients may compress with gzip
	"google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/tap"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/durationpb"
)

// rawMessage carries a gRPC message as its wire bytes. The server decodes
// requests into it so the sink sees the bytes the client sent, without an
// unmarshal and re-marshal in between.
type rawMessage struct{ b []byte }

// rawCodec passes rawMessage through untouched and delegates every other
// type to the standard protobuf codec. It is named "proto" so it serves
// the content-subtype every OTLP client uses.
type rawCodec struct{}

var protoCodec = encoding.GetCodecV2(proto.Name)

func (rawCodec) Name() string { return proto.Name }

func (rawCodec) Marshal(v any) (mem.BufferSlice, error) {
	if m, ok := v.(*rawMessage); ok {
		return mem.BufferSlice{mem.SliceBuffer(m.b)}, nil
	}
	return protoCodec.Marshal(v)
}

func (rawCodec) Unmarshal(data mem.BufferSlice, v any) error {
	if m, ok := v.(*rawMessage); ok {
		m.b = data.Materialize()
		return nil
	}
	return protoCodec.Unmarshal(data, v)
}

// The gRPC service descriptors are written out here rather than taken from
// the generated *_grpc.pb.go files because the generated handlers decode
// into typed requests; ours decode into rawMessage. Service and method
// names come from the generated descriptors so they cannot drift.
func (r *Receiver) newGRPCServer() *grpc.Server {
	s := grpc.NewServer(
		grpc.ForceServerCodecV2(rawCodec{}),
		grpc.MaxRecvMsgSize(int(r.cfg.MaxRequestBytes)),
		grpc.InTapHandle(r.grpcTap),
	)
	for _, sig := range Signals {
		desc := grpcServiceDesc(sig)
		s.RegisterService(&desc, r)
	}
	return s
}

func grpcServiceDesc(sig Signal) grpc.ServiceDesc {
	var base grpc.ServiceDesc
	switch sig {
	case Traces:
		base = coltracepb.TraceService_ServiceDesc
	case Metrics:
		base = colmetricspb.MetricsService_ServiceDesc
	case Logs:
		base = collogspb.LogsService_ServiceDesc
	}
	return grpc.ServiceDesc{
		ServiceName: base.ServiceName,
		HandlerType: (*any)(nil),
		Metadata:    base.Metadata,
		Methods: []grpc.MethodDesc{{
			MethodName: base.Methods[0].MethodName, // "Export"
			Handler:    grpcHandler(sig, "/"+base.ServiceName+"/"+base.Methods[0].MethodName),
		}},
	}
}

func grpcHandler(sig Signal, fullMethod string) func(any, context.Context, func(any) error, grpc.UnaryServerInterceptor) (any, error) {
	return func(srv any, ctx context.Context, dec func(any) error, interceptor grpc.UnaryServerInterceptor) (any, error) {
		in := new(rawMessage)
		if err := dec(in); err != nil {
			return nil, err
		}
		r := srv.(*Receiver)
		call := func(ctx context.Context, req any) (any, error) {
			return r.grpcExport(ctx, sig, req.(*rawMessage).b)
		}
		if interceptor == nil {
			return call(ctx, in)
		}
		return interceptor(ctx, in, &grpc.UnaryServerInfo{Server: srv, FullMethod: fullMethod}, call)
	}
}

// reservationKey finds a stream's reservation in its context.
type reservationKey struct{}

// grpcTap runs when a stream opens, before its message is read: the message
// size is not known yet, so the running mean of request sizes is reserved
// from the budget, and the stream is refused at once when that does not
// fit. The reservation is given back when the stream ends.
func (r *Receiver) grpcTap(ctx context.Context, info *tap.Info) (context.Context, error) {
	res := r.budget.reserve()
	if !res.grow(r.grpcEstimate.Load()) {
		r.refuseBusy(signalOfMethod(info.FullMethodName))
		return ctx, retryableStatus(codes.ResourceExhausted, errBusy.Error())
	}
	context.AfterFunc(ctx, res.done)
	return context.WithValue(ctx, reservationKey{}, res), nil
}

// signalOfMethod maps a full gRPC method name to its signal.
func signalOfMethod(m string) Signal {
	for _, sig := range Signals {
		desc := grpcServiceDesc(sig)
		if strings.HasPrefix(m, "/"+desc.ServiceName+"/") {
			return sig
		}
	}
	return 0
}

// retryableStatus is a status OTLP exporters retry after the RetryInfo
// delay (they retry RESOURCE_EXHAUSTED only with it).
func retryableStatus(code codes.Code, msg string) error {
	st := status.New(code, msg)
	if d, err := st.WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(retryAfterSeconds * time.Second)}); err == nil {
		st = d
	}
	return st.Err()
}

func (r *Receiver) grpcExport(ctx context.Context, sig Signal, b []byte) (any, error) {
	n := int64(len(b))
	// The mean moves an eighth of the way toward each request's size.
	est := r.grpcEstimate.Load()
	r.grpcEstimate.Store(max(est+(n-est)/8, 64<<10))
	if res, ok := ctx.Value(reservationKey{}).(*reservation); ok {
		// Given back when the handler returns, before the response is
		// sent: the stream's end (grpcTap's AfterFunc) comes later, in
		// its own goroutine, and only covers streams that never get here.
		defer res.done()
		if !res.grow(n) {
			r.refuseBusy(sig)
			return nil, retryableStatus(codes.ResourceExhausted, errBusy.Error())
		}
	}
	r.busyEpisode.end()
	r.processing.begin()
	defer r.processing.end()
	res, err := r.export(sig, b)
	switch {
	case errors.Is(err, errQueueFull):
		return nil, retryableStatus(codes.Unavailable, err.Error())
	case err != nil:
		return nil, status.Error(codes.InvalidArgument, fmt.Sprintf("malformed OTLP %s request: %v", sig, err))
	}
	return exportResponse(sig, res), nil
}

// exportResponse builds the Export*ServiceResponse for sig, with
// partial_success set only when the sink rejected something.
func exportResponse(sig Signal, res exportResult) protoreflect.ProtoMessage {
	partial := res.rejected != 0 || res.message != ""
	switch sig {
	case Traces:
		m := &coltracepb.ExportTraceServiceResponse{}
		if partial {
			m.PartialSuccess = &coltracepb.ExportTracePartialSuccess{RejectedSpans: res.rejected, ErrorMessage: res.message}
		}
		return m
	case Metrics:
		m := &colmetricspb.ExportMetricsServiceResponse{}
		if partial {
			m.PartialSuccess = &colmetricspb.ExportMetricsPartialSuccess{RejectedDataPoints: res.rejected, ErrorMessage: res.message}
		}
		return m
	default:
		m := &collogspb.ExportLogsServiceResponse{}
		if partial {
			m.PartialSuccess = &collogspb.ExportLogsPartialSuccess{RejectedLogRecords: res.rejected, ErrorMessage: res.message}
		}
		return m
	}
}
