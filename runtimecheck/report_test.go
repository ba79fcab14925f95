package runtimecheck

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/otellint/otellint/runtimecheck/internal/otlptest"
	"github.com/otellint/otellint/runtimecheck/otlpjson"
	"github.com/otellint/otellint/runtimecheck/sarif/sariftest"
	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	colmetricspb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenChecker feeds a fixed mix of telemetry that triggers most ids.
func goldenChecker(t *testing.T) *Checker {
	c := newTestChecker(t, func(cfg *Config) { cfg.HighCardinalityThreshold = 20; cfg.SpanNameCardinalityThreshold = 3 })
	var ss []*tracepb.Span
	for i := 0; i < 4; i++ {
		ss = append(ss, otlptest.Span(fmt.Sprintf("GET /orders/%d", 100+i), server,
			str("http.request.method", "GET"), str("url.path", "/orders/1"), str("http.method", "GET")))
	}
	ss = append(ss, otlptest.Span("handler", internal, str("http.request.methd", "GET")))
	// A client span instrumented twice, with odd attribute values.
	outer := otlptest.Span("POST", client, str("http.request.method", "PURGE"), str("url.full", "https://pay/x"),
		str("server.address", "pay"), str("server.port", "443"), otlptest.StrArray("http.request.header.x-id", "1"))
	inner := otlptest.Span("POST", client, str("http.request.method", "PURGE"), str("url.full", "https://pay/x"),
		str("server.address", "pay"), num("server.port", 443))
	outer.SpanId, inner.SpanId, inner.ParentSpanId = otlptest.ID(8, 40), otlptest.ID(8, 41), otlptest.ID(8, 40)
	ss = append(ss, outer, inner)
	consume(t, c, payload{traces: otlptest.Traces(otlptest.Resource(str("host.name", "n")), "shop/http", ss...)})
	var sets [][]*commonpb.KeyValue
	for i := 0; i < 60; i++ {
		sets = append(sets, dp(str("http.request.method", "GET"), str("url.scheme", "https"), str("http.route", fmt.Sprintf("/r/%d", i))))
	}
	consume(t, c, payload{metrics: otlptest.Metrics(svc(), "shop/metrics",
		otlptest.Histogram("http.server.request.duration", "ms", sets...),
		otlptest.Sum("http.server.active_requests", "{request}", true, dp(str("http.request.method", "GET"))),
		otlptest.Gauge("db.client.connections.usage", "1", dp()),
	)})
	consume(t, c, payload{logs: otlptest.Logs(svc(), "shop/logs", logWith(num("http.response.status_code", 500), str("error.type", "x")))})
	return c
}

func TestGoldenJSON(t *testing.T) {
	r := goldenChecker(t).Snapshot()
	var got bytes.Buffer
	if err := r.WriteJSON(&got); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden", "report.json")
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGoldenJSON -update)", err)
	}
	if diff := cmp.Diff(string(want), got.String()); diff != "" {
		t.Errorf("report differs from %s (-want +got):\n%s", path, diff)
	}
	// The names scripts depend on.
	var generic map[string]any
	if err := json.Unmarshal(got.Bytes(), &generic); err != nil {
		t.Fatal(err)
	}
	f0 := generic["findings"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "level", "signal", "service", "scope", "name", "attribute", "count", "first_seen", "last_seen", "message", "context"} {
		if _, ok := f0[k]; !ok {
			t.Errorf("finding lacks %q", k)
		}
	}
	st := generic["statistics"].(map[string]any)
	for _, k := range []string{"spans", "metrics", "data_points", "logs", "resources", "findings_by_level", "registry_coverage"} {
		if _, ok := st[k]; !ok {
			t.Errorf("statistics lack %q", k)
		}
	}
}

func TestGoldenCoversIDs(t *testing.T) {
	r := goldenChecker(t).Snapshot()
	seen := map[string]bool{}
	for _, f := range r.Findings {
		seen[f.ID] = true
	}
	for _, id := range []string{IDMissingAttribute, IDDeprecated, IDNotStable, IDRequiredAttributeMissing, IDRecommendedAttributeNotPresent,
		IDTypeMismatch, IDUndefinedEnumVariant, IDTemplateAttribute, IDDuplicateInstrumentation,
		IDUnitMismatch, IDUnexpectedInstrument, IDMissingMetric, IDMissingServiceName, IDVagueSpanName, IDHighCardinalitySpanName, IDHighCardinalityAttribute} {
		if !seen[id] {
			t.Errorf("golden report lacks %s", id)
		}
	}
}

func TestMarkdown(t *testing.T) {
	r := goldenChecker(t).Snapshot()
	var b bytes.Buffer
	if err := r.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{
		"# Semantic conventions live check", "Registry version 1.99.0", "| violation |",
		"| Level | Id | Signal | Service | Scope | Name | Attribute | Count | Message |",
		"`missing_attribute`", "`http.request.methd`", "GET /orders/{id}",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	// Every table row has the same number of cells.
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| violation |") || strings.HasPrefix(line, "| improvement |") || strings.HasPrefix(line, "| information |") {
			cells := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|")
			if cells != 4 && cells != 10 {
				t.Errorf("row has %d separators: %s", cells, line)
			}
		}
	}
	var empty bytes.Buffer
	(&Report{}).WriteMarkdown(&empty)
	if !strings.Contains(empty.String(), "No findings.") {
		t.Errorf("empty report: %s", empty.String())
	}
}

func TestSARIF(t *testing.T) {
	r := goldenChecker(t).Snapshot()
	var b bytes.Buffer
	if err := r.WriteSARIF(&b); err != nil {
		t.Fatal(err)
	}
	sariftest.Validate(t, b.Bytes())
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID              string `json:"id"`
						FullDescription struct {
							Text string `json:"text"`
						} `json:"fullDescription"`
						Help struct {
							Text string `json:"text"`
						} `json:"help"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
					LogicalLocations []struct {
						FullyQualifiedName string `json:"fullyQualifiedName"`
					} `json:"logicalLocations"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "otellint" {
		t.Fatalf("bad SARIF header: %s", b.String()[:300])
	}
	run := log.Runs[0]
	// A result per finding, then one per service and failed score rule.
	failed := 0
	for _, ss := range r.Score.Services {
		failed += len(ss.Failed)
	}
	if failed == 0 || len(run.Results) != len(r.Findings)+failed {
		t.Fatalf("%d results for %d findings and %d failed score rules", len(run.Results), len(r.Findings), failed)
	}
	for _, res := range run.Results[len(r.Findings):] {
		if !strings.HasPrefix(res.RuleID, "instrumentation-score/") || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID ||
			!strings.Contains(res.Message.Text, "fails Instrumentation Score rule") {
			t.Errorf("score result %+v", res)
		}
	}
	run.Results = run.Results[:len(r.Findings)]
	levels := map[string]string{"violation": "error", "improvement": "warning", "information": "note"}
	for i, res := range run.Results {
		f := r.Findings[i]
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID || res.RuleID != f.ID {
			t.Errorf("result %d: rule %s index %d", i, res.RuleID, res.RuleIndex)
		}
		if res.Level != levels[string(f.Level)] || res.Message.Text != f.Message {
			t.Errorf("result %d: %+v for %+v", i, res, f)
		}
		if len(res.Locations) != 1 || !strings.HasPrefix(res.Locations[0].LogicalLocations[0].FullyQualifiedName, f.Service+"/") {
			t.Errorf("result %d: locations %+v", i, res.Locations)
		}
		// GitHub code scanning shows a result only with a physical location.
		if pl := res.Locations[0].PhysicalLocation; pl.ArtifactLocation.URI != "otellint.sarif" || pl.Region.StartLine != 1 {
			t.Errorf("result %d: physical location %+v, want line 1 of the report", i, pl)
		}
	}
	// GitHub's rules (Microsoft's SARIF validator, GH2012 and others) want
	// every rule to have a full description and help.
	for _, rule := range run.Tool.Driver.Rules {
		if rule.FullDescription.Text == "" || rule.Help.Text == "" {
			t.Errorf("rule %s lacks fullDescription or help", rule.ID)
		}
	}
}

// A span that says where it was made (code.file.path, code.line.number)
// places its findings there in SARIF.
func TestSARIFSourceLocation(t *testing.T) {
	c := newTestChecker(t, nil)
	sp := otlptest.Span("GET /x", internal, otlptest.Str("http.request.methd", "GET"),
		otlptest.Str("code.file.path", "internal/shop/cart.go"), otlptest.Int("code.line.number", 42))
	if err := c.ConsumeTraces(spans(sp)); err != nil {
		t.Fatal(err)
	}
	r := c.Snapshot()
	var b bytes.Buffer
	if err := r.WriteSARIF(&b); err != nil {
		t.Fatal(err)
	}
	sariftest.Validate(t, b.Bytes())
	if !strings.Contains(b.String(), `"uri": "internal/shop/cart.go"`) || !strings.Contains(b.String(), `"startLine": 42`) {
		t.Errorf("SARIF does not place the finding at internal/shop/cart.go:42:\n%s", b.String())
	}
}

func TestText(t *testing.T) {
	r := goldenChecker(t).Snapshot()
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	body, score, _ := strings.Cut(b.String(), "\n\n")
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if len(lines) != len(r.Findings)+1 || !strings.HasPrefix(lines[0], "violation") {
		t.Errorf("text report:\n%s", b.String())
	}
	// The score table: a header, the columns and a line per service.
	if sl := strings.Split(strings.TrimSpace(score), "\n"); len(sl) != 2+len(r.Score.Services) ||
		!strings.HasPrefix(sl[0], "Instrumentation Score (") || !strings.Contains(sl[2], "RES-005 (Critical, 40)") {
		t.Errorf("score table:\n%s", score)
	}
}

// examplesDir is ../shared/otlp-examples/examples relative to the repo root.
func examplesDir(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "shared", "otlp-examples", "examples")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("OTLP/JSON examples not found at %s (../shared/otlp-examples/examples relative to the repo root)", dir)
	}
	return dir
}

func TestOfficialExamples(t *testing.T) {
	dir := examplesDir(t)
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	c := newTestChecker(t, nil)
	tr, err := otlpjson.TracesToProto(read("trace.json"))
	if err != nil {
		t.Fatal(err)
	}
	me, err := otlpjson.MetricsToProto(read("metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ConsumeTraces(tr); err != nil {
		t.Fatal(err)
	}
	if err := c.ConsumeMetrics(me); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"logs.json", "events.json"} {
		lo, err := otlpjson.LogsToProto(read(name))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.ConsumeLogs(lo); err != nil {
			t.Fatal(err)
		}
	}
	// Compare the counts with what the generated types see.
	treq, _ := otlpjson.TracesFromJSON(read("trace.json"))
	mreq, _ := otlpjson.MetricsFromJSON(read("metrics.json"))
	var spans, metrics, dps, logs, resources int64
	for _, rs := range treq.ResourceSpans {
		resources++
		for _, ss := range rs.ScopeSpans {
			spans += int64(len(ss.Spans))
		}
	}
	for _, rm := range mreq.ResourceMetrics {
		resources++
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				metrics++
				dps += int64(otlptest.DataPoints(m))
			}
		}
	}
	for _, name := range []string{"logs.json", "events.json"} {
		lreq, _ := otlpjson.LogsFromJSON(read(name))
		for _, rl := range lreq.ResourceLogs {
			resources++
			for _, sl := range rl.ScopeLogs {
				logs += int64(len(sl.LogRecords))
			}
		}
	}
	st := c.Snapshot().Statistics
	if st.Spans != spans || st.Metrics != metrics || st.DataPoints != dps || st.Logs != logs || st.Resources != resources {
		t.Errorf("statistics %+v; want spans %d metrics %d data points %d logs %d resources %d", st, spans, metrics, dps, logs, resources)
	}
	if spans == 0 || metrics == 0 || dps == 0 || logs == 0 {
		t.Errorf("examples look empty: %d %d %d %d", spans, metrics, dps, logs)
	}
	// The examples use made-up names outside the registry: they should not
	// produce registry violations, but the span name is fine and service.name is set.
	r := c.Snapshot()
	if len(find(r, IDMissingServiceName)) != 0 {
		t.Errorf("unexpected findings:\n%s", dump(r))
	}
}

func TestConcurrentCounts(t *testing.T) {
	c := newTestChecker(t, nil)
	req := otlptest.Marshal(otlptest.MixedTraces(40))
	met := otlptest.Marshal(otlptest.Metrics(svc(), "m", otlptest.Histogram("http.server.request.duration", "s",
		dp(str("http.request.method", "GET")), dp(str("http.request.method", "POST")))))
	const workers, per = 8, 25
	var wg sync.WaitGroup
	var mu sync.Mutex
	callbacks := 0
	c.OnNewFinding(func(Finding) { mu.Lock(); callbacks++; mu.Unlock() })
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				if err := c.ConsumeTraces(req); err != nil {
					t.Error(err)
				}
				if err := c.ConsumeMetrics(met); err != nil {
					t.Error(err)
				}
				if i%5 == 0 {
					c.Snapshot()
				}
			}
		}()
	}
	wg.Wait()
	r := c.Snapshot()
	st := r.Statistics
	n := int64(workers * per)
	if st.Spans != 40*n || st.Resources != 2*n || st.Metrics != n || st.DataPoints != 2*n || st.Requests != 2*n {
		t.Errorf("statistics = %+v", st)
	}
	if callbacks != len(r.Findings) {
		t.Errorf("%d callbacks for %d findings", callbacks, len(r.Findings))
	}
	var total int64
	for _, f := range r.Findings {
		if f.ID == IDNotStable && f.Attribute == "host.name" {
			total = f.Count
		}
	}
	if total != n {
		t.Errorf("host.name not_stable count = %d, want %d", total, n)
	}
}

// FuzzConsumeTraces: no input may panic the checker, and malformed input
// is never counted.
func FuzzConsumeTraces(f *testing.F) {
	f.Add(otlptest.Marshal(otlptest.MixedTraces(4)))
	f.Add(spans(otlptest.Span("GET /users/123", server, str("http.request.methd", "x"), otlptest.StrArray("http.request.header.a", "b"))))
	f.Add([]byte{})
	c := newTestChecker(f, func(cfg *Config) { cfg.MaxFindings = 1000 })
	spans := func() int64 {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.st.Spans
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		before := spans()
		err := c.ConsumeTraces(b)
		var req coltracepb.ExportTraceServiceRequest
		if proto.Unmarshal(b, &req) == nil {
			if err != nil {
				t.Fatalf("rejected what proto.Unmarshal accepts: %v", err)
			}
			var want int64
			for _, rs := range req.ResourceSpans {
				for _, ss := range rs.ScopeSpans {
					want += int64(len(ss.Spans))
				}
			}
			if got := spans() - before; got != want {
				t.Fatalf("counted %d spans, proto.Unmarshal sees %d", got, want)
			}
		} else if err != nil && spans() != before {
			t.Fatal("a rejected request was counted")
		}
		_ = c.ConsumeMetrics(b)
		_ = c.ConsumeLogs(b)
	})
}

// FuzzConsumeMetrics: metric and data point counts agree with
// proto.Unmarshal for every input it accepts; nothing panics.
func FuzzConsumeMetrics(f *testing.F) {
	f.Add(otlptest.Marshal(otlptest.Metrics(svc(), "m",
		otlptest.Histogram("http.server.request.duration", "ms", dp(str("http.request.method", "GET"))),
		otlptest.Sum("http.server.active_requests", "1", true, dp(num("x", 1)), dp()),
		otlptest.Gauge("g", "1", dp(otlptest.Double("d", 1))))))
	f.Add([]byte{})
	c := newTestChecker(f, func(cfg *Config) { cfg.MaxFindings = 1000; cfg.HighCardinalityThreshold = 5 })
	counts := func() (int64, int64) {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.st.Metrics, c.st.DataPoints
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m0, d0 := counts()
		err := c.ConsumeMetrics(b)
		var req colmetricspb.ExportMetricsServiceRequest
		if proto.Unmarshal(b, &req) != nil {
			return
		}
		if err != nil {
			t.Fatalf("rejected what proto.Unmarshal accepts: %v", err)
		}
		var ms, dps int64
		for _, rm := range req.ResourceMetrics {
			for _, sm := range rm.ScopeMetrics {
				for _, m := range sm.Metrics {
					ms++
					dps += int64(otlptest.DataPoints(m))
				}
			}
		}
		if m1, d1 := counts(); m1-m0 != ms || d1-d0 != dps {
			t.Fatalf("counted %d metrics/%d data points, proto.Unmarshal sees %d/%d", m1-m0, d1-d0, ms, dps)
		}
	})
}

// FuzzConsumeLogs: log counts agree with proto.Unmarshal; nothing panics.
func FuzzConsumeLogs(f *testing.F) {
	rec := logWith(str("http.request.methd", "x"), num("http.response.status_code", 1))
	rec.EventName = "exception"
	f.Add(otlptest.Marshal(otlptest.Logs(svc(), "l", rec)))
	f.Add([]byte{})
	c := newTestChecker(f, func(cfg *Config) { cfg.MaxFindings = 1000 })
	logs := func() int64 {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.st.Logs
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		before := logs()
		err := c.ConsumeLogs(b)
		var req collogspb.ExportLogsServiceRequest
		if proto.Unmarshal(b, &req) != nil {
			return
		}
		if err != nil {
			t.Fatalf("rejected what proto.Unmarshal accepts: %v", err)
		}
		var n int64
		for _, rl := range req.ResourceLogs {
			for _, sl := range rl.ScopeLogs {
				n += int64(len(sl.LogRecords))
			}
		}
		if got := logs() - before; got != n {
			t.Fatalf("counted %d logs, proto.Unmarshal sees %d", got, n)
		}
	})
}
