package weaverlog

import (
	"encoding/hex"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/internal/otlptest"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
)

var now = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// newChecker returns a checker against the embedded registry whose new
// findings go through p; entries collects the first sightings.
func newChecker(t *testing.T, p *Pacer) (*runtimecheck.Checker, func() []Entry) {
	t.Helper()
	cfg := runtimecheck.DefaultConfig()
	cfg.Now = func() time.Time { return now }
	c, err := runtimecheck.NewChecker(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var first []Entry
	c.OnNewFinding(func(f runtimecheck.Finding) {
		if e, ok := p.FirstSeen(f, now); ok {
			mu.Lock()
			first = append(first, e)
			mu.Unlock()
		}
	})
	return c, func() []Entry {
		mu.Lock()
		defer mu.Unlock()
		out := first
		first = nil
		return out
	}
}

func traces(t *testing.T, c *runtimecheck.Checker, spans ...*tracepb.Span) {
	t.Helper()
	res := otlptest.Resource(otlptest.Str("service.name", "shop"), otlptest.Str("service.version", "1.4.2"), otlptest.Str("service.instance.id", "shop-1"))
	if err := c.ConsumeTraces(otlptest.Marshal(otlptest.Traces(res, "shop/http", spans...))); err != nil {
		t.Fatal(err)
	}
}

type seen struct {
	ID, Report string
	Count, New int64
}

func summary(es []Entry) []seen {
	var out []seen
	for _, e := range es {
		out = append(out, seen{e.Finding.ID, e.Report, e.Count, e.New})
	}
	return out
}

// TestCadence: a finding is emitted when first seen, then once per tick
// with its aggregated count only if it occurred again.
func TestCadence(t *testing.T) {
	p := NewPacer(runtimecheck.Improvement)
	c, first := newChecker(t, p)
	vague := otlptest.Span("handler", tracepb.Span_SPAN_KIND_INTERNAL)
	for range 3 {
		traces(t, c, vague)
	}
	if got, want := summary(first()), []seen{{runtimecheck.IDVagueSpanName, ReportFirstSeen, 1, 1}}; !cmp.Equal(got, want) {
		t.Errorf("first sightings: %v, want %v", got, want)
	}
	if got, want := summary(p.Due(c.Snapshot(), now)), []seen{{runtimecheck.IDVagueSpanName, ReportAggregate, 3, 2}}; !cmp.Equal(got, want) {
		t.Errorf("first tick: %v, want %v", got, want)
	}
	if got := p.Due(c.Snapshot(), now); len(got) != 0 {
		t.Errorf("a tick without new occurrences emitted %v", summary(got))
	}
	traces(t, c, vague, vague)
	if got, want := summary(p.Due(c.Snapshot(), now)), []seen{{runtimecheck.IDVagueSpanName, ReportAggregate, 5, 2}}; !cmp.Equal(got, want) {
		t.Errorf("third tick: %v, want %v", got, want)
	}
	if got := first(); len(got) != 0 {
		t.Errorf("further occurrences made first sightings: %v", summary(got))
	}
}

// TestMinLevel: findings below the minimum level are never emitted, by
// either path.
func TestMinLevel(t *testing.T) {
	p := NewPacer(runtimecheck.Violation)
	c, first := newChecker(t, p)
	traces(t, c, otlptest.Span("handler", tracepb.Span_SPAN_KIND_INTERNAL, otlptest.Str("http.method", "GET")))
	got := append(first(), p.Due(c.Snapshot(), now)...)
	for _, e := range got {
		if e.Finding.Level != runtimecheck.Violation {
			t.Errorf("emitted %s at level %s", e.Finding.ID, e.Finding.Level)
		}
	}
	if len(got) != 1 || got[0].Finding.ID != runtimecheck.IDDeprecated {
		t.Errorf("entries = %v, want the one deprecated violation", summary(got))
	}
}

// TestTickBeforeCallback: a tick that sees a finding before its callback
// emits it as a first sighting, and the callback then emits nothing.
func TestTickBeforeCallback(t *testing.T) {
	p := NewPacer("")
	c, err := runtimecheck.NewChecker(runtimecheck.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	traces(t, c, otlptest.Span("handler", tracepb.Span_SPAN_KIND_INTERNAL))
	r := c.Snapshot()
	if got := summary(p.Due(r, now)); len(got) != 1 || got[0].Report != ReportFirstSeen {
		t.Fatalf("tick = %v", got)
	}
	if _, ok := p.FirstSeen(r.Findings[0], now); ok {
		t.Error("the late callback emitted the finding again")
	}
}

func attrMap(kvs []*commonpb.KeyValue) map[string]any {
	m := map[string]any{}
	for _, kv := range kvs {
		switch v := kv.Value.Value.(type) {
		case *commonpb.AnyValue_StringValue:
			m[kv.Key] = v.StringValue
		case *commonpb.AnyValue_IntValue:
			m[kv.Key] = v.IntValue
		default:
			m[kv.Key] = kv.Value.String()
		}
	}
	return m
}

// TestRecord: the record of a first sighting in Weaver's schema, with the
// service identity and nothing else of the resource.
func TestRecord(t *testing.T) {
	p := NewPacer("")
	c, first := newChecker(t, p)
	sp := otlptest.Span("GET /users", tracepb.Span_SPAN_KIND_INTERNAL, otlptest.Str("http.method", "GET"))
	traces(t, c, sp)
	var dep *Entry
	es := first()
	for i := range es {
		if es[i].Finding.ID == runtimecheck.IDDeprecated {
			dep = &es[i]
		}
	}
	if dep == nil {
		t.Fatalf("no deprecated finding in %v", summary(es))
	}
	rec := Record(dep)
	want := map[string]any{
		AttrID:                             "deprecated",
		AttrLevel:                          "violation",
		AttrSignalType:                     "span",
		AttrSignalName:                     "GET /users",
		AttrSampleType:                     "span",
		PrefixContext + "attribute_name":   "http.method",
		PrefixContext + "scope_name":       "shop/http",
		PrefixContext + "entity":           "span",
		PrefixContext + "span_kind":        "INTERNAL",
		PrefixContext + "trace_id":         hex.EncodeToString(sp.TraceId),
		PrefixContext + "span_id":          hex.EncodeToString(sp.SpanId),
		PrefixContext + "reason":           dep.Finding.Context["reason"],
		PrefixContext + "suggestion":       "http.request.method",
		PrefixResource + "service.name":    "shop",
		PrefixResource + "service.version": "1.4.2",
		AttrCount:                          int64(1),
		AttrNewCount:                       int64(1),
		AttrReport:                         ReportFirstSeen,
		AttrSignal:                         "traces",
	}
	if dep.Finding.Context["reason"] == nil {
		delete(want, PrefixContext+"reason")
	}
	if diff := cmp.Diff(want, attrMap(rec.Attributes)); diff != "" {
		t.Errorf("attributes (-want +got):\n%s", diff)
	}
	if rec.EventName != EventName || rec.SeverityNumber != logspb.SeverityNumber_SEVERITY_NUMBER_ERROR || rec.SeverityText != "ERROR" {
		t.Errorf("event %q severity %v %q", rec.EventName, rec.SeverityNumber, rec.SeverityText)
	}
	if rec.Body.GetStringValue() != dep.Finding.Message || rec.Body.GetStringValue() == "" {
		t.Errorf("body = %q, want the message %q", rec.Body.GetStringValue(), dep.Finding.Message)
	}
	if hex.EncodeToString(rec.TraceId) != hex.EncodeToString(sp.TraceId) || hex.EncodeToString(rec.SpanId) != hex.EncodeToString(sp.SpanId) {
		t.Errorf("record links to trace %x span %x", rec.TraceId, rec.SpanId)
	}
	if rec.TimeUnixNano != uint64(now.UnixNano()) {
		t.Errorf("time = %d", rec.TimeUnixNano)
	}
}

func TestSeverity(t *testing.T) {
	for l, want := range map[runtimecheck.Level]logspb.SeverityNumber{
		runtimecheck.Violation: 17, runtimecheck.Improvement: 13, runtimecheck.Information: 9,
	} {
		if got, _ := Severity(l); got != want {
			t.Errorf("Severity(%s) = %d, want %d", l, got, want)
		}
	}
}

func TestParseLevel(t *testing.T) {
	for _, s := range []string{"violation", "improvement", "information"} {
		if l, err := ParseLevel(s); err != nil || string(l) != s {
			t.Errorf("ParseLevel(%q) = %q, %v", s, l, err)
		}
	}
	if _, err := ParseLevel("error"); err == nil {
		t.Error(`ParseLevel("error") succeeded`)
	}
}
