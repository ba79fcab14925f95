package otellintconnector

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"
	"go.opentelemetry.io/collector/connector/connectortest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"

	"github.com/otellint/otellint/runtimecheck/otelcolcomponent/internal/check"
	"github.com/otellint/otellint/runtimecheck/otelcolcomponent/otellintconnector/internal/metadata"
	"github.com/otellint/otellint/runtimecheck/otelcolcomponent/otellintconnector/internal/metadatatest"
	"github.com/otellint/otellint/runtimecheck/weaverlog"
)

// finding is what a test reads back from one emitted log record.
type finding struct {
	id, level, report, signalName, attribute, service string
	count, newCount                                   int64
	severity                                          plog.SeverityNumber
	eventName, body                                   string
}

func findings(sink *consumertest.LogsSink) []finding {
	var out []finding
	for _, ld := range sink.AllLogs() {
		for i := 0; i < ld.ResourceLogs().Len(); i++ {
			rl := ld.ResourceLogs().At(i)
			if v, _ := rl.Resource().Attributes().Get("service.name"); v.Str() != "otellint" {
				panic("findings not under the emitter's resource")
			}
			for j := 0; j < rl.ScopeLogs().Len(); j++ {
				recs := rl.ScopeLogs().At(j).LogRecords()
				for k := 0; k < recs.Len(); k++ {
					r := recs.At(k)
					a := r.Attributes()
					s := func(key string) string {
						if v, ok := a.Get(key); ok {
							return v.AsString()
						}
						return ""
					}
					n := func(key string) int64 {
						if v, ok := a.Get(key); ok {
							return v.Int()
						}
						return -1
					}
					out = append(out, finding{
						id: s(weaverlog.AttrID), level: s(weaverlog.AttrLevel), report: s(weaverlog.AttrReport),
						signalName: s(weaverlog.AttrSignalName), attribute: s(weaverlog.PrefixContext + "attribute_name"),
						service: s(weaverlog.PrefixResource + "service.name"),
						count:   n(weaverlog.AttrCount), newCount: n(weaverlog.AttrNewCount),
						severity: r.SeverityNumber(), eventName: r.EventName(), body: r.Body().Str(),
					})
				}
			}
		}
	}
	return out
}

func byID(fs []finding, id string) []finding {
	var out []finding
	for _, f := range fs {
		if f.id == id {
			out = append(out, f)
		}
	}
	return out
}

// span describes one test span.
type span struct {
	name  string
	kind  ptrace.SpanKind
	attrs map[string]any
}

func traces(resource map[string]any, spans ...span) ptrace.Traces {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	_ = rs.Resource().Attributes().FromRaw(resource)
	ss := rs.ScopeSpans().AppendEmpty()
	ss.Scope().SetName("shop/http")
	for i, s := range spans {
		sp := ss.Spans().AppendEmpty()
		sp.SetName(s.name)
		sp.SetKind(s.kind)
		sp.SetTraceID(pcommon.TraceID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
		sp.SetSpanID(pcommon.SpanID{1, 2, 3, 4, 5, 6, 7, byte(i + 1)})
		_ = sp.Attributes().FromRaw(s.attrs)
	}
	return td
}

var shop = map[string]any{"service.name": "shop", "service.version": "1.4.2", "service.instance.id": "shop-1"}

// clean is a server span with every attribute span.http.server asks for.
var clean = span{name: "GET /users/{id}", kind: ptrace.SpanKindServer, attrs: map[string]any{
	"http.request.method": "GET", "url.path": "/users/7", "url.scheme": "https", "http.route": "/users/{id}",
	"http.response.status_code": 200, "server.address": "shop", "server.port": 443, "client.address": "10.0.0.1",
	"user_agent.original": "curl", "network.protocol.version": "1.1", "network.peer.address": "10.0.0.1", "network.peer.port": 51234,
}}

// run starts a traces-to-logs connector with cfg, feeds it, shuts it down
// (which makes the last report) and returns what reached the logs
// pipeline.
func run(t *testing.T, cfg *Config, feed func(ctx context.Context, c *otellintConnector, sink *consumertest.LogsSink)) *consumertest.LogsSink {
	t.Helper()
	ctx := context.Background()
	sink := new(consumertest.LogsSink)
	conn, err := NewFactory().CreateTracesToLogs(ctx, connectortest.NewNopSettings(metadata.Type), cfg, sink)
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Start(ctx, componenttest.NewNopHost()); err != nil {
		t.Fatal(err)
	}
	feed(ctx, conn.(*otellintConnector), sink)
	if err := conn.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	return sink
}

func attrSet(kv ...string) attribute.Set {
	var kvs []attribute.KeyValue
	for i := 0; i+1 < len(kv); i += 2 {
		kvs = append(kvs, attribute.String(kv[i], kv[i+1]))
	}
	return attribute.NewSet(kvs...)
}

func defaultConfig() *Config { return NewFactory().CreateDefaultConfig().(*Config) }

// TestTracesFindings: each of the checks shows up as a record in
// Weaver's schema.
func TestTracesFindings(t *testing.T) {
	sink := run(t, defaultConfig(), func(ctx context.Context, c *otellintConnector, sink *consumertest.LogsSink) {
		bad := clean
		bad.attrs = map[string]any{}
		for k, v := range clean.attrs {
			bad.attrs[k] = v
		}
		bad.attrs["http.method"] = "GET"               // deprecated
		bad.attrs["http.response.status_code"] = "200" // type mismatch
		if err := c.ConsumeTraces(ctx, traces(shop, bad, span{name: "handler", kind: ptrace.SpanKindInternal})); err != nil {
			t.Fatal(err)
		}
		if err := c.ConsumeTraces(ctx, traces(map[string]any{"host.name": "n1"}, clean)); err != nil {
			t.Fatal(err)
		}
	})
	fs := findings(sink)
	for _, want := range []struct {
		id, attribute, signalName, service string
		severity                           plog.SeverityNumber
	}{
		{"deprecated", "http.method", "GET /users/{id}", "shop", plog.SeverityNumberError},
		{"type_mismatch", "http.response.status_code", "GET /users/{id}", "shop", plog.SeverityNumberError},
		{"vague_span_name", "", "handler", "shop", plog.SeverityNumberWarn},
		{"missing_service_name", "service.name", "", "", plog.SeverityNumberError},
	} {
		got := byID(fs, want.id)
		if len(got) != 1 {
			t.Errorf("%s: %d records, want 1: %+v", want.id, len(got), got)
			continue
		}
		g := got[0]
		if g.attribute != want.attribute || g.signalName != want.signalName || g.service != want.service ||
			g.severity != want.severity || g.eventName != weaverlog.EventName || g.report != weaverlog.ReportFirstSeen ||
			g.count != 1 || g.body == "" {
			t.Errorf("%s: %+v, want %+v", want.id, g, want)
		}
	}
}

// TestCleanDataNoFindings: clean telemetry makes no record at all.
func TestCleanDataNoFindings(t *testing.T) {
	sink := run(t, defaultConfig(), func(ctx context.Context, c *otellintConnector, sink *consumertest.LogsSink) {
		for range 3 {
			if err := c.ConsumeTraces(ctx, traces(shop, clean)); err != nil {
				t.Fatal(err)
			}
		}
	})
	if fs := findings(sink); len(fs) != 0 {
		t.Errorf("clean data made findings: %+v", fs)
	}
}

// TestAggregatedNotPerOccurrence: a finding seen 50 times makes one record
// when first seen and one aggregate with the count, not 50 records.
func TestAggregatedNotPerOccurrence(t *testing.T) {
	sink := run(t, defaultConfig(), func(ctx context.Context, c *otellintConnector, sink *consumertest.LogsSink) {
		for range 50 {
			if err := c.ConsumeTraces(ctx, traces(shop, span{name: "handler", kind: ptrace.SpanKindInternal})); err != nil {
				t.Fatal(err)
			}
		}
	})
	got := byID(findings(sink), "vague_span_name")
	if len(got) != 2 || got[0].report != weaverlog.ReportFirstSeen || got[0].count != 1 ||
		got[1].report != weaverlog.ReportAggregate || got[1].count != 50 || got[1].newCount != 49 {
		t.Errorf("records = %+v, want a first sighting and one aggregate of 50", got)
	}
}

// TestReportInterval: aggregates come at the report interval while the
// connector runs, not only at shutdown.
func TestReportInterval(t *testing.T) {
	cfg := defaultConfig()
	cfg.ReportInterval = time.Second
	sink := run(t, cfg, func(ctx context.Context, c *otellintConnector, sink *consumertest.LogsSink) {
		vague := traces(shop, span{name: "handler", kind: ptrace.SpanKindInternal})
		_ = c.ConsumeTraces(ctx, vague)
		_ = c.ConsumeTraces(ctx, vague)
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) && len(byID(findings(sink), "vague_span_name")) < 2 {
			time.Sleep(50 * time.Millisecond)
		}
	})
	got := byID(findings(sink), "vague_span_name")
	if len(got) != 2 || got[1].report != weaverlog.ReportAggregate || got[1].count != 2 {
		t.Errorf("records = %+v, want the aggregate of 2 before shutdown and nothing after", got)
	}
}

// TestMetricsAndLogs: the metrics-to-logs and logs-to-logs faces check
// their signals and share the traces face's checker.
func TestMetricsAndLogs(t *testing.T) {
	ctx := context.Background()
	f := NewFactory()
	cfg := defaultConfig()
	set := connectortest.NewNopSettings(metadata.Type)
	out := new(consumertest.LogsSink)
	mc, err := f.CreateMetricsToLogs(ctx, set, cfg, out)
	if err != nil {
		t.Fatal(err)
	}
	lc, err := f.CreateLogsToLogs(ctx, set, cfg, out)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []component.Component{mc, lc} {
		if err := c.Start(ctx, componenttest.NewNopHost()); err != nil {
			t.Fatal(err)
		}
	}
	md := pmetric.NewMetrics()
	rm := md.ResourceMetrics().AppendEmpty()
	rm.Resource().Attributes().PutStr("service.name", "shop")
	rm.Resource().Attributes().PutStr("service.instance.id", "shop-1")
	m := rm.ScopeMetrics().AppendEmpty().Metrics().AppendEmpty()
	m.SetName("http.server.request.duration")
	m.SetUnit("ms") // the conventions say s
	m.SetEmptyHistogram().DataPoints().AppendEmpty().Attributes().PutStr("http.request.method", "GET")
	if err := mc.ConsumeMetrics(ctx, md); err != nil {
		t.Fatal(err)
	}
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("service.name", "shop")
	rl.Resource().Attributes().PutStr("service.instance.id", "shop-1")
	rl.ScopeLogs().AppendEmpty().LogRecords().AppendEmpty().Attributes().PutStr("http.method", "GET")
	if err := lc.ConsumeLogs(ctx, ld); err != nil {
		t.Fatal(err)
	}
	// Shutting one face down keeps the shared engine running.
	if err := mc.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if err := lc.ConsumeLogs(ctx, ld); err != nil {
		t.Fatal(err)
	}
	if err := lc.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	fs := findings(out)
	if got := byID(fs, "unit_mismatch"); len(got) != 1 || got[0].signalName != "http.server.request.duration" {
		t.Errorf("unit_mismatch records = %+v", got)
	}
	dep := byID(fs, "deprecated")
	if len(dep) != 2 || dep[0].attribute != "http.method" || dep[1].count != 2 {
		t.Errorf("deprecated records (logs) = %+v, want a first sighting and an aggregate of 2", dep)
	}
}

// TestTelemetry: the component counts what it checked and what it found
// through the Collector's telemetry.
func TestTelemetry(t *testing.T) {
	ctx := context.Background()
	tel := componenttest.NewTelemetry()
	defer func() { _ = tel.Shutdown(ctx) }()
	conn, err := NewFactory().CreateTracesToLogs(ctx, metadatatest.NewSettings(tel), defaultConfig(), new(consumertest.LogsSink))
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Start(ctx, componenttest.NewNopHost()); err != nil {
		t.Fatal(err)
	}
	vague := span{name: "handler", kind: ptrace.SpanKindInternal}
	for range 3 {
		_ = conn.ConsumeTraces(ctx, traces(shop, clean, vague))
	}
	if err := conn.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	metadatatest.AssertEqualOtellintItemsChecked(t, tel, []metricdata.DataPoint[int64]{{
		Value: 6, Attributes: attrSet(check.AttrItem, "span"),
	}}, metricdatatest.IgnoreTimestamp())
	metadatatest.AssertEqualOtellintFindings(t, tel, []metricdata.DataPoint[int64]{{
		Value: 3, Attributes: attrSet(check.AttrFindingID, "vague_span_name", check.AttrFindingLevel, "improvement"),
	}}, metricdatatest.IgnoreTimestamp())
}

// TestConfig: the config file form and the validation errors, through the
// Collector's own unmarshal and validation.
func TestConfig(t *testing.T) {
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id      string
		wantErr []string // substrings; none means valid
		check   func(*Config) bool
	}{
		{id: "otellint", check: func(c *Config) bool { return *c == *defaultConfig() }},
		{id: "otellint/tuned", check: func(c *Config) bool {
			return c.MinLevel == "improvement" && c.ReportInterval == 10*time.Second && c.ShowValues &&
				c.Limits.MaxFindings == 500 && c.Limits.SpanCacheSize == defaultConfig().Limits.SpanCacheSize &&
				c.TraceWindow == 30*time.Second && c.InternalSpanFanout == 25 && c.ShortSpanFlood == defaultConfig().ShortSpanFlood
		}},
		{id: "otellint/bad", wantErr: []string{
			`min_level: unknown level "error"`,
			"report_interval: 10ms is shorter than the minimum 1s",
			"registry: stat /nonexistent/model: no such file or directory",
			"limits::max_findings: -1 is negative",
			"trace_window: -1s is negative",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			sub, err := cm.Sub(tt.id)
			if err != nil {
				t.Fatal(err)
			}
			cfg := defaultConfig()
			if err := sub.Unmarshal(cfg); err != nil {
				t.Fatal(err)
			}
			err = confmap.Validate(cfg)
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				if !tt.check(cfg) {
					t.Errorf("config = %+v", cfg)
				}
				return
			}
			if err == nil {
				t.Fatal("Validate succeeded")
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
	t.Run("unknown key", func(t *testing.T) {
		sub, _ := cm.Sub("otellint/typo")
		if err := sub.Unmarshal(defaultConfig()); err == nil || !strings.Contains(err.Error(), "show_value") {
			t.Errorf("Unmarshal of a misspelt key: %v", err)
		}
	})
}

// TestBadRegistry: a registry that exists but does not load fails the
// component's creation with the path in the error.
func TestBadRegistry(t *testing.T) {
	cfg := defaultConfig()
	cfg.Registry = filepath.Join("testdata", "bad-registry.yaml")
	_, err := NewFactory().CreateTracesToLogs(context.Background(), connectortest.NewNopSettings(metadata.Type), cfg, new(consumertest.LogsSink))
	if err == nil || !strings.Contains(err.Error(), "bad-registry.yaml") {
		t.Errorf("error = %v", err)
	}
}

// TestDroppedAtLimit: what a limit leaves untracked is counted in
// otellint_dropped, by limit.
func TestDroppedAtLimit(t *testing.T) {
	ctx := context.Background()
	tel := componenttest.NewTelemetry()
	defer func() { _ = tel.Shutdown(ctx) }()
	cfg := defaultConfig()
	cfg.Limits.MaxFindings = 1
	sink := new(consumertest.LogsSink)
	conn, err := NewFactory().CreateTracesToLogs(ctx, metadatatest.NewSettings(tel), cfg, sink)
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Start(ctx, componenttest.NewNopHost()); err != nil {
		t.Fatal(err)
	}
	// A vague name and a deprecated attribute: two findings, room for one.
	for range 3 {
		_ = conn.ConsumeTraces(ctx, traces(shop, span{name: "handler", kind: ptrace.SpanKindInternal, attrs: map[string]any{"http.method": "GET"}}))
	}
	if err := conn.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if fs := findings(sink); len(fs) != 2 || fs[0].id != fs[1].id {
		t.Errorf("records = %+v, want the one tracked finding twice (first seen, aggregate)", fs)
	}
	metadatatest.AssertEqualOtellintDropped(t, tel, []metricdata.DataPoint[int64]{{
		Value: 3, Attributes: attrSet(check.AttrLimit, "findings"),
	}}, metricdatatest.IgnoreTimestamp())
}
