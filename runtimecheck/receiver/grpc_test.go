package receiver

import (
	"context"
	"testing"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// rawTraceClient sends arbitrary bytes as an ExportTraceServiceRequest,
// which the generated client cannot do.
func rawTraceClient(t *testing.T, addr string) func(b []byte, opts ...grpc.CallOption) error {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return func(b []byte, opts ...grpc.CallOption) error {
		opts = append(opts, grpc.ForceCodecV2(rawCodec{}))
		return conn.Invoke(context.Background(), coltracepb.TraceService_Export_FullMethodName, &rawMessage{b: b}, new(rawMessage), opts...)
	}
}

func TestGRPCStatuses(t *testing.T) {
	const limit = 1 << 20
	sink := &countingSink{}
	r := startReceiver(t, Config{HTTPAddr: Off, MaxRequestBytes: limit}, sink)
	send := rawTraceClient(t, r.GRPCAddrActual().String())
	valid := mustMarshal(t, traceRequest(3))
	big := mustMarshal(t, traceRequest(1))
	for len(big) <= limit {
		big = append(big, big...)
	}
	for _, c := range []struct {
		name string
		body []byte
		gzip bool
		want codes.Code
	}{
		{"valid", valid, false, codes.OK},
		{"valid gzip", valid, true, codes.OK},
		{"malformed", []byte("not protobuf at all"), false, codes.InvalidArgument},
		{"truncated", valid[:len(valid)-5], false, codes.InvalidArgument},
		{"oversized", big, false, codes.ResourceExhausted},
		{"oversized after gzip", big, true, codes.ResourceExhausted},
		{"gzip bomb", make([]byte, 4*limit), true, codes.ResourceExhausted},
	} {
		t.Run(c.name, func(t *testing.T) {
			var opts []grpc.CallOption
			if c.gzip {
				opts = append(opts, grpc.UseCompressor("gzip"))
			}
			if got := status.Code(send(c.body, opts...)); got != c.want {
				t.Fatalf("code %v, want %v", got, c.want)
			}
			if err := send(valid); err != nil {
				t.Fatalf("valid request after %s: %v", c.name, err)
			}
		})
	}
	if st := r.Stats(Traces); st.Malformed != 2 {
		t.Errorf("Stats(traces).Malformed = %d, want 2 (malformed and truncated)", st.Malformed)
	}
}

func TestGRPCPartialSuccess(t *testing.T) {
	sink := &countingSink{reject: func(req *coltracepb.ExportTraceServiceRequest) error {
		return &PartialError{Rejected: 1, Message: "one span rejected"}
	}}
	r := startReceiver(t, Config{HTTPAddr: Off}, sink)
	conn, err := grpc.NewClient(r.GRPCAddrActual().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	resp, err := coltracepb.NewTraceServiceClient(conn).Export(context.Background(), traceRequest(3))
	if err != nil {
		t.Fatal(err)
	}
	if ps := resp.GetPartialSuccess(); ps.GetRejectedSpans() != 1 || ps.GetErrorMessage() != "one span rejected" {
		t.Errorf("partial success = %v, want 1 rejected with the sink's message", ps)
	}
}
