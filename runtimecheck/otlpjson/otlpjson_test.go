package otlpjson

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	colmetricspb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// examplesDir is ../shared/otlp-examples/examples relative to the repo root.
func examplesDir(t testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	dir := filepath.Join(root, "..", "shared", "otlp-examples", "examples")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("OTLP/JSON examples not found at %s (../shared/otlp-examples/examples relative to the repo root): %v", dir, err)
	}
	return dir
}

func readExample(t *testing.T, name string) []byte {
	b, err := os.ReadFile(filepath.Join(examplesDir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestOfficialTraceExample(t *testing.T) {
	b, err := TracesToProto(readExample(t, "trace.json"))
	if err != nil {
		t.Fatal(err)
	}
	var req coltracepb.ExportTraceServiceRequest
	if err := proto.Unmarshal(b, &req); err != nil {
		t.Fatal(err)
	}
	sp := req.ResourceSpans[0].ScopeSpans[0].Spans[0]
	if got, want := hex.EncodeToString(sp.TraceId), "5b8efff798038103d269b633813fc60c"; got != want {
		t.Errorf("trace id = %s, want %s", got, want)
	}
	if got, want := hex.EncodeToString(sp.ParentSpanId), "eee19b7ec3c1b173"; got != want {
		t.Errorf("parent span id = %s, want %s", got, want)
	}
	if sp.Kind != tracepb.Span_SPAN_KIND_SERVER {
		t.Errorf("kind = %v", sp.Kind)
	}
	if sp.StartTimeUnixNano != 1544712660000000000 {
		t.Errorf("start = %d", sp.StartTimeUnixNano)
	}
	if got := req.ResourceSpans[0].Resource.Attributes[0].Value.GetStringValue(); got != "my.service" {
		t.Errorf("service.name = %q", got)
	}
}

func TestOfficialMetricsExample(t *testing.T) {
	b, err := MetricsToProto(readExample(t, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var req colmetricspb.ExportMetricsServiceRequest
	if err := proto.Unmarshal(b, &req); err != nil {
		t.Fatal(err)
	}
	ms := req.ResourceMetrics[0].ScopeMetrics[0].Metrics
	if len(ms) < 4 {
		t.Fatalf("got %d metrics", len(ms))
	}
	if ms[0].GetSum() == nil || !ms[0].GetSum().IsMonotonic {
		t.Errorf("first metric should be a monotonic sum: %v", ms[0])
	}
	if h := ms[2].GetHistogram(); h == nil || h.DataPoints[0].Count != 2 {
		t.Errorf("histogram count (int64 as string) not parsed: %v", ms[2])
	}
}

func TestOfficialLogsExamples(t *testing.T) {
	for _, name := range []string{"logs.json", "events.json"} {
		b, err := LogsToProto(readExample(t, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var req collogspb.ExportLogsServiceRequest
		if err := proto.Unmarshal(b, &req); err != nil {
			t.Fatal(err)
		}
		if n := len(req.ResourceLogs[0].ScopeLogs[0].LogRecords); n == 0 {
			t.Errorf("%s: no log records", name)
		}
	}
}

func TestSnakeCaseAndNumbers(t *testing.T) {
	in := `{"resource_spans":[{"scope_spans":[{"spans":[{
		"trace_id":"0102030405060708090a0b0c0d0e0f10","span_id":"0102030405060708",
		"name":"x","kind":"SPAN_KIND_CLIENT","start_time_unix_nano":1544712660000000000,
		"attributes":[{"key":"n","value":{"int_value":42}}],
		"unknownField":{"a":1}}]}]}]}`
	b, err := TracesToProto([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var req coltracepb.ExportTraceServiceRequest
	if err := proto.Unmarshal(b, &req); err != nil {
		t.Fatal(err)
	}
	sp := req.ResourceSpans[0].ScopeSpans[0].Spans[0]
	if !bytes.Equal(sp.SpanId, []byte{1, 2, 3, 4, 5, 6, 7, 8}) {
		t.Errorf("span id = %x", sp.SpanId)
	}
	if sp.Kind != tracepb.Span_SPAN_KIND_CLIENT || sp.Attributes[0].Value.GetIntValue() != 42 || sp.StartTimeUnixNano != 1544712660000000000 {
		t.Errorf("unexpected span %v", sp)
	}
}

func TestErrors(t *testing.T) {
	for _, in := range []string{
		`{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz"}]}]}]}`,
		`{"resourceSpans":`,
		`{"resourceSpans":[]} {}`,
		`[1,2]`,
	} {
		if _, err := TracesToProto([]byte(in)); err == nil {
			t.Errorf("TracesToProto(%s) succeeded, want error", in)
		}
	}
}

func FuzzTracesToProto(f *testing.F) {
	f.Add([]byte(`{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"01","name":"a"}]}]}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := TracesToProto(b)
		if err != nil {
			return
		}
		var req coltracepb.ExportTraceServiceRequest
		if err := proto.Unmarshal(out, &req); err != nil {
			t.Fatalf("output does not unmarshal: %v", err)
		}
	})
}

func TestIDsEverywhere(t *testing.T) {
	in := `{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"asInt":"3",
		"exemplars":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"1112131415161718","asDouble":1}]}]}}]}]}]}`
	b, err := MetricsToProto([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var req colmetricspb.ExportMetricsServiceRequest
	if err := proto.Unmarshal(b, &req); err != nil {
		t.Fatal(err)
	}
	ex := req.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].GetGauge().DataPoints[0].Exemplars[0]
	if hex.EncodeToString(ex.SpanId) != "1112131415161718" || hex.EncodeToString(ex.TraceId) != "0102030405060708090a0b0c0d0e0f10" {
		t.Errorf("exemplar ids %x %x", ex.TraceId, ex.SpanId)
	}
	links := `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0102030405060708090A0B0C0D0E0F10","spanId":"0102030405060708",
		"links":[{"traceId":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","spanId":"bbbbbbbbbbbbbbbb"}],
		"attributes":[{"key":"traceId","value":{"stringValue":"not an id"}}]}]}]}]}`
	tb, err := TracesToProto([]byte(links))
	if err != nil {
		t.Fatal(err)
	}
	var treq coltracepb.ExportTraceServiceRequest
	if err := proto.Unmarshal(tb, &treq); err != nil {
		t.Fatal(err)
	}
	sp := treq.ResourceSpans[0].ScopeSpans[0].Spans[0]
	if hex.EncodeToString(sp.Links[0].SpanId) != "bbbbbbbbbbbbbbbb" || sp.Attributes[0].Value.GetStringValue() != "not an id" {
		t.Errorf("span %v", sp)
	}
}
