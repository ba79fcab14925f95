package check

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/internal/otlptest"
	"github.com/otellint/otellint/runtimecheck/internal/otlpwire"
	"github.com/otellint/otellint/runtimecheck/otlpjson"
)

// newPair returns two checkers with the same configuration: one for the
// bytes, one for the pdata feed.
func newPair(t *testing.T) (bytesC, fedC *runtimecheck.Checker) {
	t.Helper()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	mk := func() *runtimecheck.Checker {
		cfg := runtimecheck.DefaultConfig()
		cfg.Now = func() time.Time { return now }
		cfg.HighCardinalityThreshold = 20
		cfg.SpanNameCardinalityThreshold = 3
		c, err := runtimecheck.NewChecker(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	return mk(), mk()
}

func compare(t *testing.T, bytesC, fedC *runtimecheck.Checker) {
	t.Helper()
	compareReports(t, bytesC, fedC, true)
}

func compareReports(t *testing.T, bytesC, fedC *runtimecheck.Checker, wantFindings bool) {
	t.Helper()
	want, got := bytesC.Snapshot(), fedC.Snapshot()
	if wantFindings && len(want.Findings) == 0 {
		t.Fatal("no findings: the comparison proves nothing")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pdata feed vs protobuf bytes (-bytes +feed):\n%s", diff)
	}
}

func fillValues(m pcommon.Map) {
	m.PutStr("http.method", "GET")               // deprecated
	m.PutStr("http.response.status_code", "200") // type mismatch
	m.PutInt("http.request.method_original", 7)  // type mismatch (int for string)
	m.PutDouble("app.ratio", 0.5)
	m.PutBool("app.flag", true)
	m.PutEmptyBytes("app.blob").FromRaw([]byte{1, 2, 3})
	m.PutEmpty("app.nothing")
	arr := m.PutEmptySlice("http.request.header.accept")
	arr.AppendEmpty().SetStr("text/html")
	arr.AppendEmpty().SetStr("*/*")
	ints := m.PutEmptySlice("process.command_args") // string[] given ints
	ints.AppendEmpty().SetInt(1)
	nested := m.PutEmptyMap("app.nested")
	nested.PutStr("k", "v")
	nested.PutEmptySlice("list").AppendEmpty().SetEmptyMap().PutDouble("d", 1.5)
	m.PutEmptySlice("db.query.parameter.empty")
}

// TestFeedMatchesBytes: for traces, metrics and logs of every shape the
// checker reads, feeding it from pdata gives exactly the findings and
// statistics of marshalling the pdata and checking the bytes.
func TestFeedMatchesBytes(t *testing.T) {
	t.Run("traces", func(t *testing.T) {
		bytesC, fedC := newPair(t)
		var tds []ptrace.Traces
		var u ptrace.ProtoUnmarshaler
		mixed, err := u.UnmarshalTraces(otlptest.Marshal(otlptest.MixedTraces(64)))
		if err != nil {
			t.Fatal(err)
		}
		tds = append(tds, mixed)

		td := ptrace.NewTraces()
		rs := td.ResourceSpans().AppendEmpty()
		rs.SetSchemaUrl("https://opentelemetry.io/schemas/1.30.0")
		rs.Resource().Attributes().PutStr("service.name", "shop")
		rs.Resource().Attributes().PutStr("service.namespace", "retail")
		ss := rs.ScopeSpans().AppendEmpty()
		ss.Scope().SetName("shop/http")
		ss.Scope().Attributes().PutStr("http.method", "GET")
		parent := ss.Spans().AppendEmpty()
		parent.SetName("GET /users/{id}")
		parent.SetKind(ptrace.SpanKindServer)
		parent.SetTraceID(pcommon.TraceID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
		parent.SetSpanID(pcommon.SpanID{1, 1, 1, 1, 1, 1, 1, 1})
		parent.Attributes().PutStr("http.request.method", "GET")
		parent.Attributes().PutStr("http.route", "/users/{id}")
		child := ss.Spans().AppendEmpty()
		parent.CopyTo(child)
		child.SetSpanID(pcommon.SpanID{2, 2, 2, 2, 2, 2, 2, 2})
		child.SetParentSpanID(parent.SpanID()) // duplicate_instrumentation
		fillValues(child.Attributes())
		ev := child.Events().AppendEmpty()
		ev.SetName("exception")
		ev.Attributes().PutStr("exception.message", "boom")
		child.Events().AppendEmpty().SetName("")
		link := child.Links().AppendEmpty()
		link.SetTraceID(parent.TraceID())
		link.Attributes().PutStr("http.method", "GET")
		for i, name := range []string{"", "handler", "user 12345", "user 67890", "user 13579", "user 24680"} {
			s := ss.Spans().AppendEmpty()
			s.SetName(name)
			s.SetKind(ptrace.SpanKindInternal)
			s.SetSpanID(pcommon.SpanID{9, 9, 9, 9, 9, 9, 9, byte(i)}) // no trace id
		}
		anon := td.ResourceSpans().AppendEmpty() // no service.name
		anon.ScopeSpans().AppendEmpty().Spans().AppendEmpty().SetName("GET /a")
		tds = append(tds, td)

		var m ptrace.ProtoMarshaler
		for _, td := range tds {
			b, err := m.MarshalTraces(td)
			if err != nil {
				t.Fatal(err)
			}
			if err := bytesC.ConsumeTraces(b); err != nil {
				t.Fatal(err)
			}
			f := getFeed()
			if err := fedC.ConsumeTracesFrom(func(h otlpwire.TracesHandler) error { f.traces(td, h); return nil }); err != nil {
				t.Fatal(err)
			}
			f.put()
		}
		compare(t, bytesC, fedC)
	})

	t.Run("metrics", func(t *testing.T) {
		bytesC, fedC := newPair(t)
		md := pmetric.NewMetrics()
		rm := md.ResourceMetrics().AppendEmpty()
		rm.Resource().Attributes().PutStr("service.name", "shop")
		ms := rm.ScopeMetrics().AppendEmpty()
		ms.Scope().SetName("shop/metrics")
		g := ms.Metrics().AppendEmpty()
		g.SetName("system.cpu.utilization")
		g.SetUnit("%")
		fillValues(g.SetEmptyGauge().DataPoints().AppendEmpty().Attributes())
		sum := ms.Metrics().AppendEmpty()
		sum.SetName("http.server.active_requests")
		sum.SetUnit("{request}")
		sum.SetEmptySum().SetIsMonotonic(true) // the conventions say updowncounter
		for i := range 40 {                    // high cardinality
			sum.Sum().DataPoints().AppendEmpty().Attributes().PutStr("url.path", "/p/"+string(rune('a'+i%26))+string(rune('a'+i/26)))
		}
		h := ms.Metrics().AppendEmpty()
		h.SetName("http.server.request.duration")
		h.SetUnit("ms")
		h.SetEmptyHistogram().DataPoints().AppendEmpty().Attributes().PutStr("http.request.method", "GET")
		eh := ms.Metrics().AppendEmpty()
		eh.SetName("db.client.operation.duration")
		eh.SetUnit("s")
		eh.SetEmptyExponentialHistogram().DataPoints().AppendEmpty().Attributes().PutStr("db.system", "postgresql")
		sm := ms.Metrics().AppendEmpty()
		sm.SetName("http.client.request.duration")
		sm.SetEmptySummary().DataPoints().AppendEmpty()
		ms.Metrics().AppendEmpty().SetName("http.server.made_up") // missing_metric, no data
		meta := ms.Metrics().AppendEmpty()
		meta.SetName("app.queue.depth")
		meta.Metadata().PutStr("http.method", "GET")
		meta.SetEmptyGauge().DataPoints().AppendEmpty().SetIntValue(3)

		var m pmetric.ProtoMarshaler
		b, err := m.MarshalMetrics(md)
		if err != nil {
			t.Fatal(err)
		}
		if err := bytesC.ConsumeMetrics(b); err != nil {
			t.Fatal(err)
		}
		f := getFeed()
		if err := fedC.ConsumeMetricsFrom(func(h otlpwire.MetricsHandler) error { f.metrics(md, h); return nil }); err != nil {
			t.Fatal(err)
		}
		f.put()
		compare(t, bytesC, fedC)
	})

	t.Run("logs", func(t *testing.T) {
		bytesC, fedC := newPair(t)
		ld := plog.NewLogs()
		rl := ld.ResourceLogs().AppendEmpty()
		rl.Resource().Attributes().PutStr("service.name", "unknown_service:java")
		sl := rl.ScopeLogs().AppendEmpty()
		r := sl.LogRecords().AppendEmpty()
		r.SetEventName("exception")
		r.SetTraceID(pcommon.TraceID{1})
		r.SetSpanID(pcommon.SpanID{2})
		r.Body().SetEmptyMap().PutStr("message", "boom")
		fillValues(r.Attributes())
		sl.LogRecords().AppendEmpty().Body().SetStr("plain")

		var m plog.ProtoMarshaler
		b, err := m.MarshalLogs(ld)
		if err != nil {
			t.Fatal(err)
		}
		if err := bytesC.ConsumeLogs(b); err != nil {
			t.Fatal(err)
		}
		f := getFeed()
		if err := fedC.ConsumeLogsFrom(func(h otlpwire.LogsHandler) error { f.logs(ld, h); return nil }); err != nil {
			t.Fatal(err)
		}
		f.put()
		compare(t, bytesC, fedC)
	})
}

// TestFeedMatchesBytesOnExamples runs the comparison over the shared
// OTLP/JSON examples (../shared/otlp-examples beside the repository).
func TestFeedMatchesBytesOnExamples(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "..", "..", "shared", "otlp-examples", "examples")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the shared OTLP examples are not beside the repository (%v)", err)
	}
	read := func(name string, conv func([]byte) ([]byte, error)) []byte {
		j, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := conv(j)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	bytesC, fedC := newPair(t)
	traces := read("trace.json", otlpjson.TracesToProto)
	metrics := read("metrics.json", otlpjson.MetricsToProto)
	logs := read("logs.json", otlpjson.LogsToProto)
	td, err := (&ptrace.ProtoUnmarshaler{}).UnmarshalTraces(traces)
	if err != nil {
		t.Fatal(err)
	}
	md, err := (&pmetric.ProtoUnmarshaler{}).UnmarshalMetrics(metrics)
	if err != nil {
		t.Fatal(err)
	}
	ld, err := (&plog.ProtoUnmarshaler{}).UnmarshalLogs(logs)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{bytesC.ConsumeTraces(traces), bytesC.ConsumeMetrics(metrics), bytesC.ConsumeLogs(logs)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	f := getFeed()
	defer f.put()
	for _, err := range []error{
		fedC.ConsumeTracesFrom(func(h otlpwire.TracesHandler) error { f.traces(td, h); return nil }),
		fedC.ConsumeMetricsFrom(func(h otlpwire.MetricsHandler) error { f.metrics(md, h); return nil }),
		fedC.ConsumeLogsFrom(func(h otlpwire.LogsHandler) error { f.logs(ld, h); return nil }),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	// The examples are clean: the statistics (items, attributes, registry
	// coverage) are what is compared.
	if st := bytesC.Snapshot().Statistics; st.Spans == 0 || st.DataPoints == 0 || st.Logs == 0 {
		t.Fatalf("the examples were not read: %+v", st)
	}
	compareReports(t, bytesC, fedC, false)
}
