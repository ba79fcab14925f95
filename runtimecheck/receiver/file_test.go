package receiver

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	colmetricspb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	metricspb "go.opentelemetry.io/proto/otlp/metrics/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

func metricsRequest(points int) *colmetricspb.ExportMetricsServiceRequest {
	g := &metricspb.Gauge{}
	for i := range points {
		g.DataPoints = append(g.DataPoints, &metricspb.NumberDataPoint{
			TimeUnixNano: uint64(i + 1),
			Value:        &metricspb.NumberDataPoint_AsDouble{AsDouble: float64(i)},
		})
	}
	return &colmetricspb.ExportMetricsServiceRequest{ResourceMetrics: []*metricspb.ResourceMetrics{{
		Resource: &resourcepb.Resource{},
		ScopeMetrics: []*metricspb.ScopeMetrics{{Metrics: []*metricspb.Metric{{
			Name: "system.cpu.utilization", Unit: "1", Data: &metricspb.Metric_Gauge{Gauge: g},
		}}}},
	}}}
}

func logsRequest(records int) *collogspb.ExportLogsServiceRequest {
	sl := &logspb.ScopeLogs{}
	for i := range records {
		sl.LogRecords = append(sl.LogRecords, &logspb.LogRecord{
			TimeUnixNano:   uint64(i + 1),
			SeverityNumber: logspb.SeverityNumber_SEVERITY_NUMBER_INFO,
			Body:           &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: "hello"}},
		})
	}
	return &collogspb.ExportLogsServiceRequest{ResourceLogs: []*logspb.ResourceLogs{{ScopeLogs: []*logspb.ScopeLogs{sl}}}}
}

func jsonLine(t *testing.T, m proto.Message) string {
	t.Helper()
	return string(marshalOTLPJSON(t, m, ""))
}

func TestReadStreamFormats(t *testing.T) {
	tr, mr, lr := traceRequest(3), metricsRequest(4), logsRequest(5)
	jsonl := jsonLine(t, tr) + "\n" + jsonLine(t, mr) + "\n" + jsonLine(t, lr) + "\n" + jsonLine(t, tr) + "\n"
	pretty := marshalOTLPJSON(t, tr, "  ")
	for _, c := range []struct {
		name  string
		input []byte
		opts  ReadOptions
		want  counts
		reqs  int
	}{
		{"json lines", []byte(jsonl), ReadOptions{}, counts{6, 4, 5}, 4},
		{"json lines with blank lines and CRLF", []byte("\r\n" + strings.ReplaceAll(jsonl, "\n", "\r\n\r\n")), ReadOptions{}, counts{6, 4, 5}, 4},
		{"pretty document", pretty, ReadOptions{}, counts{3, 0, 0}, 1},
		{"two pretty documents", append(append(pretty, '\n'), pretty...), ReadOptions{}, counts{6, 0, 0}, 2},
		{"gzip json lines", gzipBytes(t, []byte(jsonl)), ReadOptions{}, counts{6, 4, 5}, 4},
		{"binary traces", mustMarshal(t, tr), ReadOptions{}, counts{3, 0, 0}, 1},
		{"binary metrics", mustMarshal(t, mr), ReadOptions{}, counts{0, 4, 0}, 1},
		{"binary logs", mustMarshal(t, lr), ReadOptions{}, counts{0, 0, 5}, 1},
		{"gzip binary logs", gzipBytes(t, mustMarshal(t, lr)), ReadOptions{}, counts{0, 0, 5}, 1},
		{"binary with signal given", mustMarshal(t, mr), ReadOptions{Signal: Metrics}, counts{0, 4, 0}, 1},
		{"empty", nil, ReadOptions{}, counts{}, 0},
		{"white space", []byte(" \n\t\n"), ReadOptions{}, counts{}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			sink := &countingSink{}
			c.opts.JSON = otlpJSON
			st, err := ReadStream(bytes.NewReader(c.input), sink, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := sink.counts(); got != c.want {
				t.Errorf("counts %+v, want %+v", got, c.want)
			}
			if st.Total() != c.reqs {
				t.Errorf("ReadStats.Total() = %d, want %d", st.Total(), c.reqs)
			}
		})
	}
}

func TestReadStreamErrors(t *testing.T) {
	tr := traceRequest(1)
	good := jsonLine(t, tr)
	// Resource only, no spans: every signal's request type decodes this.
	ambiguous := mustMarshal(t, &coltracepb.ExportTraceServiceRequest{ResourceSpans: []*tracepb.ResourceSpans{{
		Resource: &resourcepb.Resource{Attributes: []*commonpb.KeyValue{{Key: "service.name"}}},
	}}})
	for _, c := range []struct {
		name    string
		input   string
		opts    ReadOptions
		wantErr string
	}{
		{"bad json on line 3", good + "\n" + good + "\n{\"resourceSpans\": [\n", ReadOptions{JSON: otlpJSON}, "in.jsonl:3: invalid JSON"},
		{"syntax error inside a pretty document", "{\n  \"resourceSpans\": [\n    {,}\n  ]\n}\n", ReadOptions{JSON: otlpJSON}, "in.jsonl:1: invalid JSON (at line 3)"},
		{"unknown top-level key", good + "\n{\"resourceProfiles\": []}\n", ReadOptions{JSON: otlpJSON}, `in.jsonl:2: not an OTLP/JSON export request: no resourceSpans, resourceMetrics or resourceLogs key (found "resourceProfiles")`},
		{"two signals in one object", `{"resourceSpans": [], "resourceLogs": []}`, ReadOptions{JSON: otlpJSON}, "in.jsonl:1: ambiguous"},
		{"not an object", good + "\n[1, 2]\n", ReadOptions{JSON: otlpJSON}, "in.jsonl:2: not an OTLP/JSON export request"},
		{"converter refuses", good + "\n" + `{"resourceSpans": [{"scopeSpans": 7}]}`, ReadOptions{JSON: otlpJSON}, "in.jsonl:2: malformed OTLP/JSON traces"},
		{"no converter", good, ReadOptions{}, "in.jsonl:1: malformed OTLP/JSON traces: OTLP/JSON is not supported"},
		{"binary garbage", "\x0a\xff\xff\xff", ReadOptions{}, "in.jsonl: not an OTLP protobuf export request"},
		{"binary ambiguous", string(ambiguous), ReadOptions{}, "in.jsonl: cannot tell the signal of this protobuf input (it decodes as traces and metrics and logs): name it with --signal"},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.opts.Name = "in.jsonl"
			_, err := ReadStream(strings.NewReader(c.input), &countingSink{}, c.opts)
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("error %v, want one containing %q", err, c.wantErr)
			}
		})
	}
	// The ambiguous input is read once the signal is named.
	sink := &countingSink{}
	if _, err := ReadStream(bytes.NewReader(ambiguous), sink, ReadOptions{Signal: Traces}); err != nil {
		t.Fatal(err)
	}
	if sink.nRequests(Traces) != 1 {
		t.Errorf("forced traces: %d trace requests, want 1", sink.nRequests(Traces))
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "spans.jsonl")
	if err := os.WriteFile(path, []byte(jsonLine(t, traceRequest(2))+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sink := &countingSink{}
	if _, err := ReadFile(path, sink, ReadOptions{JSON: otlpJSON}); err != nil {
		t.Fatal(err)
	}
	if sink.counts().spans != 2 {
		t.Errorf("spans %d, want 2", sink.counts().spans)
	}
	if err := os.WriteFile(path, []byte("{]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(path, sink, ReadOptions{JSON: otlpJSON}); err == nil || !strings.HasPrefix(err.Error(), path+":1:") {
		t.Errorf("error %v, want one starting with %q", err, path+":1:")
	}
	_, err := ReadFile(filepath.Join(dir, "missing.json"), sink, ReadOptions{})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: error %v, want ErrNotExist", err)
	}
}

// sharedExamples is the OTLP examples folder beside the repository; the
// files are read where they are, never copied into the repository.
const sharedExamples = "../../../shared/otlp-examples/examples"

func TestReadStreamSharedExamples(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(sharedExamples, "*.json"))
	if len(files) == 0 {
		abs, _ := filepath.Abs(sharedExamples)
		t.Skipf("no OTLP examples at %s (shared/otlp-examples/examples beside the repository root)", abs)
	}
	var total counts
	for _, f := range files {
		sink := &countingSink{}
		st, err := ReadFile(f, sink, ReadOptions{JSON: otlpJSON})
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		c := sink.counts()
		if st.Total() != 1 || c == (counts{}) {
			t.Errorf("%s: %d requests, counts %+v; want one request with content", f, st.Total(), c)
		}
		total.spans += c.spans
		total.points += c.points
		total.logs += c.logs
	}
	if total.spans == 0 || total.points == 0 || total.logs == 0 {
		t.Errorf("examples gave %+v, want spans, points and logs", total)
	}
}

// A protobuf request whose first resource is 123 bytes long starts with
// "\n{": it must still be read as protobuf.
func TestReadStreamProtobufThatLooksLikeJSON(t *testing.T) {
	var req *coltracepb.ExportTraceServiceRequest
	var b []byte
	for n := 1; n < 200; n++ {
		req = traceRequest(1)
		req.ResourceSpans[0].ScopeSpans[0].Spans[0].Name = strings.Repeat("x", n)
		b = mustMarshal(t, req)
		if len(b) > 2 && b[0] == 0x0a && b[1] == '{' {
			break
		}
	}
	if b[1] != '{' {
		t.Fatal("could not build a request starting with \"\\n{\"")
	}
	sink := &countingSink{}
	st, err := ReadStream(bytes.NewReader(b), sink, ReadOptions{JSON: otlpJSON})
	if err != nil {
		t.Fatal(err)
	}
	if st.Requests[Traces] != 1 || sink.counts().spans != 1 {
		t.Errorf("read %+v, spans %d; want one trace request with one span", st, sink.counts().spans)
	}
}

// JSON input is consumed as it arrives: a request reaches the sink before
// the stream ends, so `otellint audit -` can follow a pipe.
func TestReadStreamFollowsAStream(t *testing.T) {
	pr, pw := io.Pipe()
	sink := &countingSink{entered: make(chan struct{}, 1)}
	done := make(chan error, 1)
	go func() {
		_, err := ReadStream(pr, sink, ReadOptions{Name: "pipe", JSON: otlpJSON})
		done <- err
	}()
	line := jsonLine(t, traceRequest(2)) + "\n"
	if _, err := io.WriteString(pw, line); err != nil {
		t.Fatal(err)
	}
	select {
	case <-sink.entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the first request did not reach the sink while the stream was open")
	}
	io.WriteString(pw, line+"{oops}\n")
	pw.Close()
	if err := <-done; err == nil || !strings.Contains(err.Error(), "pipe:3: invalid JSON") {
		t.Fatalf("error %v, want one at pipe:3", err)
	}
}

// Line numbers stay right far beyond what the decoder buffers, and after
// more white space than the format sniffer looks at.
func TestReadStreamLineNumbers(t *testing.T) {
	line := jsonLine(t, traceRequest(1)) + "\n"
	var b strings.Builder
	b.WriteString(strings.Repeat("\n", 70<<10)) // 70 KiB of blank lines
	for range 1000 {
		b.WriteString(line)
	}
	b.WriteString("  {\"resourceSpans\": 5}\n")
	sink := &countingSink{}
	st, err := ReadStream(strings.NewReader(b.String()), sink, ReadOptions{Name: "big", JSON: otlpJSON})
	want := fmt.Sprintf("big:%d: malformed OTLP/JSON traces", 70<<10+1000+1)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want one containing %q", err, want)
	}
	if st.Total() != 1000 || sink.counts().spans != 1000 {
		t.Errorf("read %d requests, %d spans; want 1000 of each", st.Total(), sink.counts().spans)
	}
}
