package runtimecheck

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"
)

// traceSink is the smallest OTLP/gRPC trace server: it hands every
// request, as bytes, to the checker (the receiver package does this for
// real; the test keeps the checker's own dependencies).
type traceSink struct {
	coltracepb.UnimplementedTraceServiceServer
	c *Checker
}

func (s *traceSink) Export(_ context.Context, req *coltracepb.ExportTraceServiceRequest) (*coltracepb.ExportTraceServiceResponse, error) {
	b, err := proto.Marshal(req)
	if err != nil {
		return nil, err
	}
	return &coltracepb.ExportTraceServiceResponse{}, s.c.ConsumeTraces(b)
}

// The demo's checkout handler as the real SDK exports it: the server
// instrumentation's SERVER span, and inside it a hand-written SERVER span
// with another name and no route. The SDK marks the inner span's parent
// as local in the span flags, and that alone makes it a duplicate.
func TestDuplicateServerSpanFromSDK(t *testing.T) {
	c := newTestChecker(t, nil)
	ctx := context.Background()
	tp := sdkProvider(t, c, attribute.String("service.name", "checkout"))
	tracer := tp.Tracer("example.com/demo/checkout")
	octx, outer := tracer.Start(ctx, "POST /orders/{user}", trace.WithSpanKind(trace.SpanKindServer),
		trace.WithAttributes(attribute.String("http.request.method", "POST"), attribute.String("http.route", "/orders/{user}")))
	_, inner := tracer.Start(octx, "POST /orders", trace.WithSpanKind(trace.SpanKindServer))
	inner.SetAttributes(attribute.Int("http.status_code", 201))
	inner.End()
	outer.End()
	// A SERVER span under a SERVER span of another service's request
	// (remote parent): not a duplicate.
	remote := trace.ContextWithRemoteSpanContext(ctx, outer.SpanContext())
	_, other := tracer.Start(remote, "GET /stock", trace.WithSpanKind(trace.SpanKindServer))
	other.End()
	if err := tp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	// The inner span ends, and is exported, first: the pair is found when
	// the outer one arrives, and the finding names it as the parent.
	fs := find(c.Snapshot(), IDDuplicateInstrumentation)
	if len(fs) != 1 || fs[0].Name != "POST /orders/{user}" || !strings.Contains(fs[0].Message, "has a direct child SERVER span") {
		t.Errorf("duplicate_instrumentation findings = %+v, want one pairing the outer span with its inner SERVER child", fs)
	}
}
