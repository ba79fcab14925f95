package runtimecheck

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/otellint/otellint/runtimecheck/internal/otlptest"
	"github.com/otellint/otellint/runtimecheck/internal/otlpwire"
	"github.com/otellint/otellint/semconv"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	metricspb "go.opentelemetry.io/proto/otlp/metrics/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

var (
	str = otlptest.Str
	num = otlptest.Int
)

const (
	server   = tracepb.Span_SPAN_KIND_SERVER
	client   = tracepb.Span_SPAN_KIND_CLIENT
	internal = tracepb.Span_SPAN_KIND_INTERNAL
)

func svc() *resourcepb.Resource { return otlptest.Resource(str("service.name", "shop")) }

// without drops the findings with the given ids from r (tests about
// something else than, say, the service.instance.id their resources lack).
func without(r *Report, ids ...string) *Report {
	out := *r
	out.Findings = nil
	for _, f := range r.Findings {
		if !slices.Contains(ids, f.ID) {
			out.Findings = append(out.Findings, f)
		}
	}
	return &out
}

// goodServer is an HTTP server span with everything span.http.server asks for.
func goodServer(name string, extra ...*commonpb.KeyValue) *tracepb.Span {
	attrs := []*commonpb.KeyValue{
		str("http.request.method", "GET"), str("url.path", "/a"), str("url.scheme", "https"),
		str("http.route", "/a"), num("http.response.status_code", 200), str("server.address", "h"),
		num("server.port", 443), str("client.address", "c"), str("user_agent.original", "ua"),
		str("network.protocol.version", "1.1"),
	}
	return otlptest.Span(name, server, append(attrs, extra...)...)
}

func spans(ss ...*tracepb.Span) []byte {
	return otlptest.Marshal(otlptest.Traces(svc(), "scope", ss...))
}

func find(r *Report, id string) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.ID == id {
			out = append(out, f)
		}
	}
	return out
}

func findAttr(r *Report, id, attr string) *Finding {
	for i := range r.Findings {
		if r.Findings[i].ID == id && r.Findings[i].Attribute == attr {
			return &r.Findings[i]
		}
	}
	return nil
}

type payload struct {
	traces, metrics, logs proto.Message
}

func consume(t *testing.T, c *Checker, p payload) {
	t.Helper()
	if p.traces != nil {
		if err := c.ConsumeTraces(marshal(t, p.traces)); err != nil {
			t.Fatal(err)
		}
	}
	if p.metrics != nil {
		if err := c.ConsumeMetrics(marshal(t, p.metrics)); err != nil {
			t.Fatal(err)
		}
	}
	if p.logs != nil {
		if err := c.ConsumeLogs(marshal(t, p.logs)); err != nil {
			t.Fatal(err)
		}
	}
}

func dp(kvs ...*commonpb.KeyValue) []*commonpb.KeyValue { return kvs }

// TestFindingIDs has one real payload per finding id.
func TestFindingIDs(t *testing.T) {
	tests := []struct {
		id      string
		p       payload
		attr    string // expected Attribute ("" = any)
		name    string // expected Name ("" = any)
		msg     string // substring of the message
		context map[string]any
	}{
		{
			id: IDMissingAttribute, attr: "http.request.methd", msg: `did you mean "http.request.method"`,
			p: payload{traces: otlptest.Traces(svc(), "s", goodServer("GET /a", str("http.request.methd", "GET")))},
		},
		{
			id: IDDeprecated, attr: "http.method", msg: `use "http.request.method" instead`,
			p:       payload{traces: otlptest.Traces(svc(), "s", goodServer("GET /a", str("http.method", "GET")))},
			context: map[string]any{"suggestion": "http.request.method", "entity": "span", "span_kind": "SERVER"},
		},
		{
			id: IDDeprecated, attr: "db.system.name", msg: `has a deprecated value; use "mariadb" instead`,
			p: payload{traces: otlptest.Traces(svc(), "s", otlptest.Span("SELECT t", client, str("db.system.name", "mariadb-old")))},
		},
		{
			id: IDTypeMismatch, attr: "http.response.status_code", msg: "has type string, the semantic conventions define int",
			p: payload{traces: otlptest.Traces(svc(), "s", otlptest.Span("GET /a", server,
				str("http.request.method", "GET"), str("http.response.status_code", "200")))},
			context: map[string]any{"expected": "int", "actual": "string"},
		},
		{
			id: IDUndefinedEnumVariant, attr: "http.request.method", msg: "not a well-known value",
			p: payload{traces: otlptest.Traces(svc(), "s", otlptest.Span("x /a", server, str("http.request.method", "FETCH")))},
		},
		{
			id: IDNotStable, attr: "host.name", msg: "stability: development",
			p: payload{traces: otlptest.Traces(otlptest.Resource(str("service.name", "shop"), str("host.name", "n1")), "s", goodServer("GET /a"))},
		},
		{
			id: IDTemplateAttribute, attr: "http.request.header.x-request-id", msg: `template attribute "http.request.header"`,
			p: payload{traces: otlptest.Traces(svc(), "s", goodServer("GET /a", otlptest.StrArray("http.request.header.x-request-id", "1")))},
		},
		{
			id: IDRequiredAttributeMissing, attr: "url.scheme", name: "GET /b", msg: "of span.http.server",
			p: payload{traces: otlptest.Traces(svc(), "s", otlptest.Span("GET /b", server,
				str("http.request.method", "GET"), str("url.path", "/b")))},
			context: map[string]any{"group": "span.http.server"},
		},
		{
			id: IDRecommendedAttributeNotPresent, attr: "user_agent.original", name: "GET /b",
			p: payload{traces: otlptest.Traces(svc(), "s", otlptest.Span("GET /b", server,
				str("http.request.method", "GET"), str("url.path", "/b"), str("url.scheme", "http")))},
		},
		{
			id: IDRequiredAttributeMissing, attr: "db.system.name", name: "SELECT t",
			p:       payload{traces: otlptest.Traces(svc(), "s", otlptest.Span("SELECT t", client, str("db.namespace", "shop")))},
			context: map[string]any{"group": "span.db.client"},
		},
		{
			id: IDUnitMismatch, name: "http.server.request.duration", msg: `has unit "ms"`,
			p: payload{metrics: otlptest.Metrics(svc(), "m", otlptest.Histogram("http.server.request.duration", "ms",
				dp(str("http.request.method", "GET"), str("url.scheme", "https"))))},
		},
		{
			id: IDUnexpectedInstrument, name: "http.server.request.duration", msg: "is recorded as counter, the semantic conventions define instrument histogram",
			p: payload{metrics: otlptest.Metrics(svc(), "m", otlptest.Sum("http.server.request.duration", "s", true,
				dp(str("http.request.method", "GET"), str("url.scheme", "https"))))},
		},
		{
			id: IDMissingMetric, name: "http.server.requests_total",
			p: payload{metrics: otlptest.Metrics(svc(), "m", otlptest.Sum("http.server.requests_total", "1", true, dp()))},
		},
		{
			id: IDDeprecated, name: "http.server.duration", msg: `metric "http.server.duration" is deprecated; use "http.server.request.duration"`,
			p: payload{metrics: otlptest.Metrics(svc(), "m", otlptest.Histogram("http.server.duration", "ms", dp()))},
		},
		{
			id: IDRequiredAttributeMissing, name: "http.server.request.duration", attr: "url.scheme",
			p: payload{metrics: otlptest.Metrics(svc(), "m", otlptest.Histogram("http.server.request.duration", "s",
				dp(str("http.request.method", "GET"))))},
		},
		{
			id: IDMissingServiceName, attr: "service.name", msg: "no service.name attribute",
			p: payload{traces: otlptest.Traces(otlptest.Resource(), "s", goodServer("GET /a"))},
		},
		{
			id: IDMissingServiceName, attr: "service.name", msg: "an empty service.name",
			p: payload{logs: otlptest.Logs(otlptest.Resource(str("service.name", "")), "s")},
		},
		{
			id: IDMissingServiceName, attr: "service.name", msg: "unknown_service",
			p: payload{metrics: otlptest.Metrics(otlptest.Resource(str("service.name", "unknown_service:java")), "s")},
		},
		{
			id: IDMissingServiceName, attr: "service.name", msg: "not a string",
			p: payload{logs: otlptest.Logs(otlptest.Resource(num("service.name", 7)), "s")},
		},
		{
			id: IDVagueSpanName, name: "Function_Call", msg: "too generic",
			p: payload{traces: otlptest.Traces(svc(), "s", otlptest.Span("Function_Call", internal))},
		},
		{
			id: IDVagueSpanName, name: "", msg: "span name is empty",
			p: payload{traces: otlptest.Traces(svc(), "s", otlptest.Span("", internal))},
		},
		{
			id: IDMissingAttribute, attr: "db.sytem.name",
			p: payload{logs: otlptest.Logs(svc(), "s", logWith(str("db.sytem.name", "postgresql")))},
		},
	}
	for _, tt := range tests {
		t.Run(tt.id+"/"+tt.attr+tt.name, func(t *testing.T) {
			c := newTestChecker(t, nil)
			consume(t, c, tt.p)
			r := c.Snapshot()
			var got *Finding
			for i := range r.Findings {
				f := &r.Findings[i]
				if f.ID == tt.id && (tt.attr == "" || f.Attribute == tt.attr) && (tt.name == "" || f.Name == tt.name) {
					got = f
					break
				}
			}
			if got == nil {
				t.Fatalf("no %s finding (attr %q, name %q); got:\n%s", tt.id, tt.attr, tt.name, dump(r))
			}
			if got.Level != LevelOf(tt.id) || got.Count != 1 || !got.FirstSeen.Equal(fixedNow) {
				t.Errorf("finding = %+v", got)
			}
			if !strings.Contains(got.Message, tt.msg) {
				t.Errorf("message %q does not contain %q", got.Message, tt.msg)
			}
			for k, v := range tt.context {
				if got.Context[k] != v {
					t.Errorf("context[%s] = %v, want %v (context %v)", k, got.Context[k], v, got.Context)
				}
			}
		})
	}
}

func dump(r *Report) string {
	var b bytes.Buffer
	r.WriteText(&b)
	return b.String()
}

// TestNoFalsePositives checks that well-formed telemetry is clean.
func TestNoFalsePositives(t *testing.T) {
	c := newTestChecker(t, nil)
	consume(t, c, payload{
		traces: otlptest.Traces(svc(), "s", goodServer("GET /a"),
			withParent(otlptest.Span("GET", client, str("http.request.method", "GET"), str("url.full", "https://x/y"),
				str("server.address", "x"), num("server.port", 443), str("network.protocol.version", "2")), 9),
			otlptest.Span("compute", internal, str("app.custom", "v"), str("code.function.name", "f"))),
		metrics: otlptest.Metrics(svc(), "m", otlptest.Histogram("http.server.request.duration", "s",
			dp(str("http.request.method", "GET"), str("url.scheme", "https"))),
			otlptest.Sum("app.jobs", "1", true, dp(str("app.queue", "q")))),
	})
	if r := without(c.Snapshot(), IDMissingServiceInstance); len(r.Findings) != 0 {
		t.Errorf("unexpected findings:\n%s", dump(r))
	}
}

// withParent gives s the parent span id n.
func withParent(s *tracepb.Span, n uint64) *tracepb.Span {
	s.ParentSpanId = otlptest.ID(8, n)
	return s
}

func logWith(kvs ...*commonpb.KeyValue) *logspb.LogRecord {
	return &logspb.LogRecord{Attributes: kvs, SeverityNumber: 9}
}

// TestRedaction makes sure attribute values appear nowhere unless
// ShowValues is set.
func TestRedaction(t *testing.T) {
	const secret = "alice@example.com"
	p := payload{traces: otlptest.Traces(svc(), "s", otlptest.Span("GET /a", server,
		str("http.request.method", secret), str("http.response.status_code", secret),
		str("http.request.methd", secret), str("http.method", secret)))}
	for _, show := range []bool{false, true} {
		c := newTestChecker(t, func(cfg *Config) { cfg.ShowValues = show })
		consume(t, c, p)
		r := c.Snapshot()
		var out bytes.Buffer
		for _, w := range []func(*bytes.Buffer) error{
			func(b *bytes.Buffer) error { return r.WriteJSON(b) },
			func(b *bytes.Buffer) error { return r.WriteMarkdown(b) },
			func(b *bytes.Buffer) error { return r.WriteSARIF(b) },
			func(b *bytes.Buffer) error { return r.WriteText(b) },
		} {
			if err := w(&out); err != nil {
				t.Fatal(err)
			}
		}
		if got := strings.Contains(out.String(), secret); got != show {
			t.Errorf("ShowValues=%v: value in output = %v", show, got)
		}
		if f := findAttr(r, IDUndefinedEnumVariant, "http.request.method"); f == nil {
			t.Errorf("ShowValues=%v: no enum finding", show)
		} else if show && f.Context["value"] != secret {
			t.Errorf("value not in context with ShowValues: %v", f.Context)
		}
	}
}

func TestAggregationAndCallback(t *testing.T) {
	c := newTestChecker(t, nil)
	var calls []Finding
	c.OnNewFinding(func(f Finding) {
		if f.ID != IDMissingServiceInstance {
			calls = append(calls, f)
		}
	})
	req := spans(otlptest.Span("handler", internal), otlptest.Span("handler", internal))
	for i := 0; i < 3; i++ {
		if err := c.ConsumeTraces(req); err != nil {
			t.Fatal(err)
		}
	}
	r := c.Snapshot()
	fs := find(r, IDVagueSpanName)
	if len(fs) != 1 || fs[0].Count != 6 {
		t.Fatalf("vague findings = %+v", fs)
	}
	if len(calls) != 1 || calls[0].ID != IDVagueSpanName || calls[0].Count != 2 {
		t.Errorf("callback calls = %+v", calls)
	}
	if r.MaxLevel() != Improvement {
		t.Errorf("MaxLevel = %q", r.MaxLevel())
	}
}

func TestHighCardinalitySpanName(t *testing.T) {
	c := newTestChecker(t, nil)
	var ss []*tracepb.Span
	for i := 0; i < 12; i++ {
		ss = append(ss, otlptest.Span(fmt.Sprintf("GET /users/%d", 1000+i), internal),
			otlptest.Span(fmt.Sprintf("load 550e8400-e29b-41d4-a716-4466554400%02d", i), internal))
	}
	// Few distinct names: no finding.
	ss = append(ss, otlptest.Span("GET /v1/health", internal), otlptest.Span("GET /v2/health", internal))
	if err := c.ConsumeTraces(spans(ss...)); err != nil {
		t.Fatal(err)
	}
	r := c.Snapshot()
	fs := find(r, IDHighCardinalitySpanName)
	names := map[string]Finding{}
	for _, f := range fs {
		names[f.Name] = f
	}
	f, ok := names["GET /users/{id}"]
	if !ok || len(fs) != 2 {
		t.Fatalf("findings = %+v", fs)
	}
	if f.Context["distinct_names"] != 12 || f.Count != 3 {
		t.Errorf("pattern finding = %+v", f)
	}
	if _, ok := names["load {id}-{id}-{id}-{id}-{id}"]; !ok {
		t.Errorf("uuid pattern missing: %v", names)
	}
}

func TestTemplateName(t *testing.T) {
	for in, want := range map[string]string{
		"GET /users/123":   "GET /users/{id}",
		"order-98765 done": "order-{id} done",
		"user1234":         "user{id}",
		"v2 api":           "v2 api",
		"tx deadbeef12":    "tx {id}",
		"/x/550e8400-e29b-41d4-a716-446655440000": "/x/{id}-{id}-{id}-{id}-{id}",
	} {
		got, _ := templateName(nil, []byte(in))
		if string(got) != want {
			t.Errorf("templateName(%q) = %q, want %q", in, got, want)
		}
	}
	for _, n := range []string{"", "span", "Function_Call", "HANDLER", "do-work", "main", "Execute", "runTask", "process task", "functioncall", "  "} {
		if !isVagueName([]byte(n)) {
			t.Errorf("isVagueName(%q) = false", n)
		}
	}
	for _, n := range []string{"GET /users/{id}", "SELECT orders", "process_payment", "checkout", "runQuery", "HTTP GET", "handler 2"} {
		if isVagueName([]byte(n)) {
			t.Errorf("isVagueName(%q) = true", n)
		}
	}
}

func TestHighCardinalityAttribute(t *testing.T) {
	c := newTestChecker(t, func(cfg *Config) { cfg.HighCardinalityThreshold = 50 })
	var sets [][]*commonpb.KeyValue
	for i := 0; i < 400; i++ {
		sets = append(sets, dp(str("user.id", fmt.Sprintf("u%d", i)), str("tier", []string{"a", "b"}[i%2])))
	}
	consume(t, c, payload{metrics: otlptest.Metrics(svc(), "m", otlptest.Sum("app.logins", "1", true, sets...))})
	r := c.Snapshot()
	f := findAttr(r, IDHighCardinalityAttribute, "user.id")
	if f == nil {
		t.Fatalf("no finding:\n%s", dump(r))
	}
	if f.Name != "app.logins" || f.Signal != SignalMetrics {
		t.Errorf("finding = %+v", f)
	}
	est, _ := f.Context["estimated_distinct_values"].(int64)
	if est < 300 || est > 500 {
		t.Errorf("estimate = %v", f.Context)
	}
	if findAttr(r, IDHighCardinalityAttribute, "tier") != nil {
		t.Error("low-cardinality attribute reported")
	}
}

func TestHLLAccuracy(t *testing.T) {
	var h hll
	for i := 0; i < 100000; i++ {
		h.add(uint64(i) * 0x9e3779b97f4a7c15)
	}
	if e := h.estimate(); e < 90000 || e > 110000 {
		t.Errorf("estimate %v for 100000", e)
	}
	var s hll
	for i := 0; i < 10; i++ {
		s.add(uint64(i))
	}
	if e := s.estimate(); e < 9 || e > 11 {
		t.Errorf("estimate %v for 10", e)
	}
}

func TestDuplicateInstrumentation(t *testing.T) {
	mk := func(id, parent uint64, kind tracepb.Span_SpanKind, attrs ...*commonpb.KeyValue) *tracepb.Span {
		s := otlptest.Span("GET /a", kind, attrs...)
		s.TraceId, s.SpanId = otlptest.ID(16, 7), otlptest.ID(8, id)
		if parent != 0 {
			s.ParentSpanId = otlptest.ID(8, parent)
		}
		return s
	}
	srv := []*commonpb.KeyValue{str("http.request.method", "GET"), str("http.route", "/a")}
	cli := []*commonpb.KeyValue{str("http.request.method", "GET"), str("url.full", "https://pay:8443/x")}
	t.Run("parent first", func(t *testing.T) {
		c := newTestChecker(t, nil)
		consume(t, c, payload{traces: otlptest.Traces(svc(), "s", mk(1, 0, server, srv...))})
		consume(t, c, payload{traces: otlptest.Traces(svc(), "s2", mk(2, 1, server, srv...))})
		if fs := find(c.Snapshot(), IDDuplicateInstrumentation); len(fs) != 1 || fs[0].Scope != "s2" {
			t.Errorf("findings = %+v", fs)
		}
	})
	t.Run("child first", func(t *testing.T) {
		c := newTestChecker(t, nil)
		consume(t, c, payload{traces: otlptest.Traces(svc(), "s", mk(2, 1, client, cli...), mk(1, 0, client, cli...))})
		fs := find(c.Snapshot(), IDDuplicateInstrumentation)
		if len(fs) != 1 || fs[0].Context["span_kind"] != "CLIENT" {
			t.Errorf("findings = %+v", fs)
		}
	})
	t.Run("different request", func(t *testing.T) {
		c := newTestChecker(t, nil)
		other := []*commonpb.KeyValue{str("http.request.method", "POST"), str("http.route", "/a")}
		consume(t, c, payload{traces: otlptest.Traces(svc(), "s", mk(1, 0, server, srv...), mk(2, 1, server, other...),
			mk(3, 2, client, cli...), mk(4, 3, internal))})
		if fs := find(c.Snapshot(), IDDuplicateInstrumentation); len(fs) != 0 {
			t.Errorf("findings = %+v", fs)
		}
	})
	// The demo's checkout handler: otelhttp's SERVER span, and inside it a
	// hand-written SERVER span with other attributes. The SDK marks the
	// inner span's parent as local (span flags): double instrumentation
	// whatever the name and attributes.
	flags := func(s *tracepb.Span, f uint32) *tracepb.Span { s.Flags = f | 1; return s }
	outer := []*commonpb.KeyValue{str("http.request.method", "POST"), str("http.route", "/orders/{user}")}
	inner := []*commonpb.KeyValue{{Key: "http.status_code", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_IntValue{IntValue: 201}}}}
	const hasIsRemote, isRemote = 0x100, 0x200
	t.Run("local SERVER parent", func(t *testing.T) {
		c := newTestChecker(t, nil)
		consume(t, c, payload{traces: otlptest.Traces(svc(), "example.com/demo/checkout",
			flags(mk(2, 1, server, inner...), hasIsRemote), flags(mk(1, 0, server, outer...), hasIsRemote))})
		fs := find(c.Snapshot(), IDDuplicateInstrumentation)
		if len(fs) != 1 || fs[0].Context["span_kind"] != "SERVER" || !strings.Contains(fmt.Sprint(fs[0].Context["same"]), "local SERVER parent") {
			t.Errorf("findings = %+v", fs)
		}
	})
	t.Run("remote SERVER parent", func(t *testing.T) {
		c := newTestChecker(t, nil)
		consume(t, c, payload{traces: otlptest.Traces(svc(), "s", flags(mk(1, 0, server, outer...), hasIsRemote),
			flags(mk(2, 1, server, inner...), hasIsRemote|isRemote))})
		if fs := find(c.Snapshot(), IDDuplicateInstrumentation); len(fs) != 0 {
			t.Errorf("findings = %+v", fs)
		}
	})
	t.Run("different service", func(t *testing.T) {
		c := newTestChecker(t, nil)
		consume(t, c, payload{traces: otlptest.Traces(svc(), "s", mk(1, 0, server, srv...))})
		consume(t, c, payload{traces: otlptest.Traces(otlptest.Resource(str("service.name", "gateway")), "s", mk(2, 1, server, srv...))})
		if fs := find(c.Snapshot(), IDDuplicateInstrumentation); len(fs) != 0 {
			t.Errorf("findings = %+v", fs)
		}
	})
}

func TestMalformedRejectedAndNotCounted(t *testing.T) {
	c := newTestChecker(t, nil)
	good := spans(goodServer("handler"))
	for _, b := range [][]byte{good[:len(good)-3], {0xff}, {0x0a, 0x10, 0x01}} {
		if err := c.ConsumeTraces(b); err == nil {
			t.Errorf("ConsumeTraces(%x) = nil", b)
		}
		if err := c.ConsumeMetrics(b); err == nil {
			t.Errorf("ConsumeMetrics(%x) = nil", b)
		}
		if err := c.ConsumeLogs(b); err == nil {
			t.Errorf("ConsumeLogs(%x) = nil", b)
		}
	}
	r := c.Snapshot()
	if r.Statistics.Spans != 0 || len(r.Findings) != 0 || r.Statistics.RejectedRequests != 9 {
		t.Errorf("stats = %+v findings = %d", r.Statistics, len(r.Findings))
	}
	if err := c.ConsumeTraces(nil); err != nil {
		t.Errorf("empty request: %v", err)
	}
}

func TestMaxFindingsBound(t *testing.T) {
	c := newTestChecker(t, func(cfg *Config) { cfg.MaxFindings = 5; cfg.MaxNamePatterns = 3 })
	var ss []*tracepb.Span
	for i := 0; i < 50; i++ {
		ss = append(ss, otlptest.Span("charge", internal, str(fmt.Sprintf("http.x%d", i), "v")),
			otlptest.Span(fmt.Sprintf("job %d-%c", i, 'a'+i%26), internal))
	}
	if err := c.ConsumeTraces(spans(ss...)); err != nil {
		t.Fatal(err)
	}
	r := c.Snapshot()
	// 50 missing_attribute, 1 missing_service_instance_id; 5 kept
	if len(r.Findings) != 5 || r.Statistics.DroppedFindings != 46 {
		t.Errorf("findings %d, dropped %d", len(r.Findings), r.Statistics.DroppedFindings)
	}
	if r.Statistics.DroppedNamePatterns == 0 {
		t.Errorf("no dropped name patterns: %+v", r.Statistics)
	}
}

// sinkAdvisor is a custom advisor: it reports every attribute key "app.secret".
type sinkAdvisor struct{}

func (sinkAdvisor) Attribute(s *Sample, a *Attr, r *Reporter) {
	if string(a.Key) == "app.secret" {
		r.Report(s, "custom_secret", a.Key, Detail{})
	}
}
func (sinkAdvisor) Sample(*Sample, *Reporter) {}

func TestCustomAdvisor(t *testing.T) {
	c := newTestChecker(t, func(cfg *Config) { cfg.Advisors = []Advisor{sinkAdvisor{}} })
	consume(t, c, payload{traces: otlptest.Traces(svc(), "s", goodServer("GET /a", str("app.secret", "x")))})
	r := without(c.Snapshot(), IDMissingServiceInstance)
	if f := findAttr(r, "custom_secret", "app.secret"); f == nil || f.Level != Information {
		t.Errorf("custom finding missing:\n%s", dump(r))
	}
	if len(r.Findings) != 1 {
		t.Errorf("findings:\n%s", dump(r))
	}
}

func TestDefaultRegistry(t *testing.T) {
	c, err := NewChecker(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if c.ri.reg != semconv.Default() || c.cfg.MaxFindings != DefaultConfig().MaxFindings {
		t.Error("zero Config does not use the defaults")
	}
	// Realistic, well-instrumented telemetry has no violations against the
	// real registry.
	if err := c.ConsumeTraces(otlptest.Marshal(otlptest.MixedTraces(16))); err != nil {
		t.Fatal(err)
	}
	r := c.Snapshot()
	if r.MaxLevel() == Violation {
		t.Errorf("violations on realistic telemetry:\n%s", dump(r))
	}
	t.Logf("registry %s:\n%s", r.Statistics.RegistryVersion, dump(r))
}

func TestEventRequirements(t *testing.T) {
	c := newTestChecker(t, nil)
	rec := logWith(str("exception.message", "boom"))
	rec.EventName = "exception"
	consume(t, c, payload{logs: otlptest.Logs(svc(), "s", rec)})
	r := c.Snapshot()
	f := findAttr(r, IDRequiredAttributeMissing, "exception.type")
	if f == nil || f.Name != "exception" || f.Signal != SignalLogs || f.Context["group"] != "event.exception" {
		t.Fatalf("findings:\n%s", dump(r))
	}
}

func TestLongNamesClipped(t *testing.T) {
	c := newTestChecker(t, nil)
	long := strings.Repeat("é", 1000) // 2000 bytes
	for i := 0; i < 3; i++ {
		consume(t, c, payload{traces: otlptest.Traces(otlptest.Resource(str("service.name", long)), long,
			otlptest.Span(long, internal, str("http."+long, "v")), otlptest.Span("handler", internal))})
	}
	r := without(c.Snapshot(), IDMissingServiceInstance)
	if len(r.Findings) != 2 {
		t.Fatalf("findings:\n%s", dump(r))
	}
	for _, f := range r.Findings {
		for _, s := range []string{f.Service, f.Scope, f.Name, f.Attribute} {
			if len(s) > maxFieldLen+len("…") || !utf8.ValidString(s) {
				t.Errorf("field not clipped: %d bytes", len(s))
			}
		}
		if f.Count != 3 {
			t.Errorf("count = %d: %+v", f.Count, f)
		}
	}
}

type panicAdvisor struct{}

func (panicAdvisor) Attribute(*Sample, *Attr, *Reporter) { panic("boom") }
func (panicAdvisor) Sample(*Sample, *Reporter)           {}

func TestPanicBecomesError(t *testing.T) {
	c := newTestChecker(t, func(cfg *Config) { cfg.Advisors = []Advisor{panicAdvisor{}} })
	err := c.ConsumeTraces(spans(goodServer("GET /a")))
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("err = %v", err)
	}
	if st := c.Snapshot().Statistics; st.RejectedRequests != 1 || st.Spans != 0 {
		t.Errorf("stats = %+v", st)
	}
	// The checker keeps working.
	if err := c.ConsumeTraces(nil); err != nil {
		t.Fatal(err)
	}
}

func TestErrMalformed(t *testing.T) {
	c := newTestChecker(t, nil)
	if err := c.ConsumeTraces([]byte{0x0a, 0x05}); !errors.Is(err, ErrMalformed) {
		t.Errorf("err = %v, want ErrMalformed", err)
	}
}

// TestHashSchemesAgree: findings created in a request's state and in the
// merge step hash their aggregation key the same way.
func TestHashSchemesAgree(t *testing.T) {
	c := newTestChecker(t, nil)
	consume(t, c, payload{traces: otlptest.Traces(otlptest.Resource(str("service.name", "s"), str("host.name", "h")), "sc",
		otlptest.Span("handler", internal), otlptest.Span("GET /b", server, str("http.request.method", "GET")))})
	if len(c.findings) < 3 {
		t.Fatalf("only %d findings", len(c.findings))
	}
	for k, f := range c.findings {
		o := occ{id: f.ID, signal: f.Signal, service: []byte(f.Service), scope: []byte(f.Scope), name: []byte(f.Name), attrS: f.Attribute}
		if h := c.occHash(&o); h != k {
			t.Errorf("%s/%s: merge hash %x, request-state hash %x", f.ID, f.Attribute, h, k)
		}
	}
}

// TestBoundedState sends unbounded names, keys and values and checks that
// every table stays within its cap and counts what it dropped.
func TestBoundedState(t *testing.T) {
	c := newTestChecker(t, func(cfg *Config) {
		cfg.MaxFindings = 100
		cfg.MaxNamePatterns = 50
		cfg.MaxCardinalitySketches = 20
		cfg.SpanCacheSize = 64
	})
	for round := 0; round < 5; round++ {
		var ms []*metricspb.Metric
		var ss []*tracepb.Span
		for i := 0; i < 400; i++ {
			n := round*1000 + i
			ms = append(ms, otlptest.Gauge(fmt.Sprintf("shop.m%d", n), "1", dp(str(fmt.Sprintf("k%d", n), fmt.Sprint(n)))))
			s := otlptest.Span(fmt.Sprintf("job-%d %c%c", n, 'a'+n%26, 'a'+n/26%26), server,
				str(fmt.Sprintf("http.custom%d", n), "v"), str("http.request.method", "GET"), str("http.route", "/x"))
			s.SpanId, s.ParentSpanId = otlptest.ID(8, uint64(n)), otlptest.ID(8, uint64(n+1))
			ss = append(ss, s)
		}
		consume(t, c, payload{traces: otlptest.Traces(svc(), "s", ss...), metrics: otlptest.Metrics(svc(), "m", ms...)})
	}
	st := c.Snapshot().Statistics
	if len(c.findings) > 100 || len(c.names) > 50 || len(c.sketches) > 20 {
		t.Errorf("tables exceed caps: findings %d names %d sketches %d", len(c.findings), len(c.names), len(c.sketches))
	}
	if st.DroppedFindings == 0 || st.DroppedNamePatterns == 0 || st.DroppedCardinalityKeys == 0 {
		t.Errorf("drops not counted: %+v", st)
	}
	if len(c.spans.byID.slots) > 64 || len(c.spans.byParent.slots) > 64 {
		t.Errorf("span cache grew: %d", len(c.spans.byID.slots))
	}
	if st.Spans != 2000 || st.Metrics != 2000 || st.DataPoints != 2000 {
		t.Errorf("counts: %+v", st)
	}
	x := c.pool.Get().(*requestState)
	if len(x.keys) > maxKeyCache || len(x.metricNames) > maxMetricCache || len(x.groupCache) > maxGroupCache {
		t.Errorf("request state caches: keys %d metrics %d groups %d", len(x.keys), len(x.metricNames), len(x.groupCache))
	}
}

func TestExceptionSpanEvent(t *testing.T) {
	c := newTestChecker(t, nil)
	s := goodServer("GET /a")
	s.Events = []*tracepb.Span_Event{{Name: "exception", Attributes: []*commonpb.KeyValue{str("exception.message", "m")}}}
	consume(t, c, payload{traces: otlptest.Traces(svc(), "s", s)})
	r := c.Snapshot()
	f := findAttr(r, IDRequiredAttributeMissing, "exception.type")
	if f == nil || f.Name != "exception" || f.Context["entity"] != "span_event" {
		t.Fatalf("findings:\n%s", dump(r))
	}
	if r.Statistics.SpanEvents != 1 {
		t.Errorf("stats %+v", r.Statistics)
	}
}

// The high_cardinality_span_name message counts every distinct name seen,
// not those seen when the finding was first made.
func TestHighCardinalitySpanNameCountsWhatWasSeen(t *testing.T) {
	c := newTestChecker(t, nil)
	for i := range 250 {
		if err := c.ConsumeTraces(spans(otlptest.Span(fmt.Sprintf("GET /users/%d", 1000+i), internal))); err != nil {
			t.Fatal(err)
		}
	}
	fs := find(c.Snapshot(), IDHighCardinalitySpanName)
	if len(fs) != 1 || fs[0].Context["distinct_names"] != 250 || !strings.HasPrefix(fs[0].Message, "250 distinct span names") {
		t.Fatalf("findings = %+v", fs)
	}
}

// Crafted span names (many templates, many names each) stay within the
// tracker's byte budget; what could not be counted exactly says "at least"
// and what could not be tracked at all is counted as dropped.
func TestSpanNameTrackerIsBoundedByBytes(t *testing.T) {
	const budget = 256 << 10
	c := newTestChecker(t, func(cfg *Config) { cfg.MaxNameTrackerBytes = budget })
	for tpl := range 300 {
		var ss []*tracepb.Span
		for i := range 200 {
			ss = append(ss, otlptest.Span(fmt.Sprintf("op%c%c /x/%d", 'a'+tpl%26, 'a'+tpl/26, i+100), internal))
		}
		if err := c.ConsumeTraces(spans(ss...)); err != nil {
			t.Fatal(err)
		}
	}
	if c.nameBytes > budget {
		t.Errorf("tracker holds %d bytes, budget %d", c.nameBytes, budget)
	}
	r := c.Snapshot()
	lower := 0
	for _, f := range find(r, IDHighCardinalitySpanName) {
		if strings.HasPrefix(f.Message, "at least ") {
			lower++
			if f.Context["distinct_names_lower_bound"] != true {
				t.Errorf("a lower bound not marked in the context: %+v", f.Context)
			}
		}
	}
	if lower == 0 || r.Statistics.DroppedNamePatterns == 0 {
		t.Errorf("%d lower-bound findings, %d dropped patterns; want the budget to show in both", lower, r.Statistics.DroppedNamePatterns)
	}
}

// TestServiceIdentity: findings carry the service.namespace and
// service.version of their first occurrence's resource, from the advisors'
// findings and from those the checker makes at merge time alike, and they
// stay out of the JSON report.
func TestServiceIdentity(t *testing.T) {
	c := newTestChecker(t, nil)
	res := otlptest.Resource(str("service.name", "shop"), str("service.namespace", "retail"), str("service.version", "1.4.2"))
	s := otlptest.Span("handler", internal)
	s.TraceId, s.SpanId = otlptest.ID(16, 7), otlptest.ID(8, 2)
	parent := goodServer("GET /a")
	parent.TraceId, parent.SpanId = otlptest.ID(16, 7), otlptest.ID(8, 1)
	child := goodServer("GET /a")
	child.TraceId, child.SpanId, child.ParentSpanId = otlptest.ID(16, 7), otlptest.ID(8, 3), otlptest.ID(8, 1)
	consume(t, c, payload{traces: otlptest.Traces(res, "s", s, parent, child)})
	// A later resource of the same service without the identity does not
	// change the aggregate.
	consume(t, c, payload{traces: otlptest.Traces(svc(), "s", otlptest.Span("handler", internal))})
	r := c.Snapshot()
	for _, id := range []string{IDVagueSpanName, IDDuplicateInstrumentation} {
		fs := find(r, id)
		if len(fs) != 1 || fs[0].ServiceNamespace != "retail" || fs[0].ServiceVersion != "1.4.2" {
			t.Errorf("%s: findings = %+v", id, fs)
		}
	}
	if fs := find(r, IDVagueSpanName); len(fs) == 1 && fs[0].Count != 2 {
		t.Errorf("vague_span_name count = %d, want 2", fs[0].Count)
	}
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "retail") || strings.Contains(b.String(), "1.4.2") {
		t.Errorf("the JSON report carries the service identity:\n%s", b.String())
	}
}

// Two key sets whose signatures collide get their own span groups: the
// cache compares the keys it matched for, never answers one set with the
// other's group.
func TestSpanGroupCacheCollision(t *testing.T) {
	c := newTestChecker(t, nil)
	x := newRequestState(c)
	x.reset("traces", time.Now())
	httpKey, dbKey := x.keyInfo([]byte("http.request.method")), x.keyInfo([]byte("db.system.name"))
	dbKey.groupTerm = httpKey.groupTerm // {http.request.method} and {db.system.name} now collide
	const client = 3
	group := func(key string) *groupInfo {
		s := x.newSample(&x.sample, EntitySpan)
		x.nextGen()
		x.presentKeys = x.presentKeys[:0]
		x.checkAttrs(s, []otlpwire.KeyValue{{Key: []byte(key), Value: otlpwire.Value{Kind: otlpwire.KindString, Str: []byte("x")}}}, true)
		return x.spanGroup(client, x.attrSetHash(client)).gi
	}
	h, d := group("http.request.method"), group("db.system.name")
	if h == nil || d == nil || h == d {
		t.Fatalf("http group %v, db group %v: want two different groups", groupID(h), groupID(d))
	}
	if want := c.ri.matchSpanGroup(client, []*keyInfo{dbKey}); d != want {
		t.Errorf("db span matched %s, want %s", groupID(d), groupID(want))
	}
	if again := group("http.request.method"); again != h {
		t.Errorf("http span matched %s after the collision, want %s", groupID(again), groupID(h))
	}
}

func groupID(gi *groupInfo) string {
	if gi == nil {
		return "<nil>"
	}
	return gi.g.ID
}

// TestMET001AtTheSpecsBound: MET-001 fails at the specification's 10,000
// distinct values whatever HighCardinalityThreshold gives the finding.
func TestMET001AtTheSpecsBound(t *testing.T) {
	failsMET001 := func(r *Report) bool {
		for _, s := range r.Score.Services {
			for _, f := range s.Failed {
				if f.ID == "MET-001" {
					return true
				}
			}
		}
		return false
	}
	send := func(threshold, values int) *Report {
		c := newTestChecker(t, func(cfg *Config) { cfg.HighCardinalityThreshold = threshold })
		var sets [][]*commonpb.KeyValue
		for i := 0; i < values; i++ {
			sets = append(sets, dp(str("user.id", fmt.Sprintf("u%d", i))))
		}
		consume(t, c, payload{metrics: otlptest.Metrics(svc(), "m", otlptest.Sum("app.logins", "1", true, sets...))})
		return c.Snapshot()
	}
	// 12,000 values under a threshold of 50,000: no finding, MET-001 fails.
	r := send(50000, 12000)
	if findAttr(r, IDHighCardinalityAttribute, "user.id") != nil || !failsMET001(r) {
		t.Errorf("12,000 values, threshold 50,000: finding %v, MET-001 failed %v; want none and true",
			findAttr(r, IDHighCardinalityAttribute, "user.id"), failsMET001(r))
	}
	// 400 values over a threshold of 50: a finding, MET-001 passes.
	r = send(50, 400)
	if findAttr(r, IDHighCardinalityAttribute, "user.id") == nil || failsMET001(r) {
		t.Errorf("400 values, threshold 50: finding %v, MET-001 failed %v; want one and false",
			findAttr(r, IDHighCardinalityAttribute, "user.id"), failsMET001(r))
	}
}
