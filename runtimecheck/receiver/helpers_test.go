package receiver

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	colmetricspb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/otellint/otellint/runtimecheck/internal/otlptest"
	"github.com/otellint/otellint/runtimecheck/otlpjson"
	"google.golang.org/protobuf/proto"
)

// countingSink is a real consumer: it decodes every request and counts the
// spans, metric data points and log records in it.
type countingSink struct {
	mu                        sync.Mutex
	requests                  [len(Signals) + 1]int
	spans, points, logRecords int
	names                     map[string]int // span names, to check content survives

	// reject, when set, decides a PartialError for a decoded trace request.
	reject func(*coltracepb.ExportTraceServiceRequest) error
	// block, when set, is waited on before each request is counted.
	block chan struct{}
	// entered receives a value as each request enters the sink.
	entered chan struct{}
}

func (s *countingSink) ConsumeTraces(b []byte) error {
	s.wait()
	var req coltracepb.ExportTraceServiceRequest
	if err := proto.Unmarshal(b, &req); err != nil {
		return err
	}
	n := 0
	s.mu.Lock()
	if s.names == nil {
		s.names = map[string]int{}
	}
	for _, rs := range req.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			n += len(ss.Spans)
			for _, sp := range ss.Spans {
				s.names[sp.Name]++
			}
		}
	}
	s.spans += n
	s.requests[Traces]++
	s.mu.Unlock()
	if s.reject != nil {
		return s.reject(&req)
	}
	return nil
}

func (s *countingSink) ConsumeMetrics(b []byte) error {
	s.wait()
	var req colmetricspb.ExportMetricsServiceRequest
	if err := proto.Unmarshal(b, &req); err != nil {
		return err
	}
	n := 0
	for _, rm := range req.ResourceMetrics {
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				n += otlptest.DataPoints(m)
			}
		}
	}
	s.mu.Lock()
	s.points += n
	s.requests[Metrics]++
	s.mu.Unlock()
	return nil
}

func (s *countingSink) ConsumeLogs(b []byte) error {
	s.wait()
	var req collogspb.ExportLogsServiceRequest
	if err := proto.Unmarshal(b, &req); err != nil {
		return err
	}
	n := 0
	for _, rl := range req.ResourceLogs {
		for _, sl := range rl.ScopeLogs {
			n += len(sl.LogRecords)
		}
	}
	s.mu.Lock()
	s.logRecords += n
	s.requests[Logs]++
	s.mu.Unlock()
	return nil
}

func (s *countingSink) wait() {
	if s.entered != nil {
		s.entered <- struct{}{}
	}
	if s.block != nil {
		<-s.block
	}
}

type counts struct{ spans, points, logs int }

func (s *countingSink) counts() counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return counts{s.spans, s.points, s.logRecords}
}

func (s *countingSink) nRequests(sig Signal) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[sig]
}

// otlpJSON is the real OTLP/JSON converter, wired in as cmd/otellint does.
var otlpJSON = JSONConverter{
	Traces:  otlpjson.TracesToProto,
	Metrics: otlpjson.MetricsToProto,
	Logs:    otlpjson.LogsToProto,
}

// marshalOTLPJSON encodes m as OTLP/JSON: the protobuf JSON mapping with
// trace and span ids in hex rather than base64.
func marshalOTLPJSON(t testing.TB, m proto.Message, indent string) []byte {
	t.Helper()
	b, err := protojson.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	hexIDs(t, v)
	if indent != "" {
		b, err = json.MarshalIndent(v, "", indent)
	} else {
		b, err = json.Marshal(v)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func hexIDs(t testing.TB, v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && (k == "traceId" || k == "spanId" || k == "parentSpanId") {
				raw, err := base64.StdEncoding.DecodeString(s)
				if err != nil {
					t.Fatal(err)
				}
				v[k] = hex.EncodeToString(raw)
				continue
			}
			hexIDs(t, x)
		}
	case []any:
		for _, x := range v {
			hexIDs(t, x)
		}
	}
}

// startReceiver runs a receiver on loopback ports chosen by the kernel and
// shuts it down when the test ends.
func startReceiver(t testing.TB, cfg Config, sink Sink) *Receiver {
	t.Helper()
	if cfg.GRPCAddr == "" {
		cfg.GRPCAddr = "127.0.0.1:0"
	}
	if cfg.HTTPAddr == "" {
		cfg.HTTPAddr = "127.0.0.1:0"
	}
	if cfg.JSON.Traces == nil {
		cfg.JSON = otlpJSON
	}
	r, err := New(cfg, sink)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := r.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
	})
	return r
}

// traceRequest builds an ExportTraceServiceRequest with n spans.
func traceRequest(n int) *coltracepb.ExportTraceServiceRequest {
	ss := &tracepb.ScopeSpans{Scope: &commonpb.InstrumentationScope{Name: "test"}}
	for i := range n {
		ss.Spans = append(ss.Spans, &tracepb.Span{
			TraceId: bytes.Repeat([]byte{byte(i + 1)}, 16),
			SpanId:  bytes.Repeat([]byte{byte(i + 1)}, 8),
			Name:    fmt.Sprintf("span-%d", i),
			Kind:    tracepb.Span_SPAN_KIND_SERVER,
			Attributes: []*commonpb.KeyValue{{
				Key:   "http.request.method",
				Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: "GET"}},
			}},
		})
	}
	return &coltracepb.ExportTraceServiceRequest{ResourceSpans: []*tracepb.ResourceSpans{{
		Resource: &resourcepb.Resource{Attributes: []*commonpb.KeyValue{{
			Key:   "service.name",
			Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: "svc"}},
		}}},
		ScopeSpans: []*tracepb.ScopeSpans{ss},
	}}}
}

func mustMarshal(t testing.TB, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
