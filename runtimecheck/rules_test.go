package runtimecheck

import (
	"fmt"
	"os"
	"strings"
	"testing"

	logspb "go.opentelemetry.io/proto/otlp/logs/v1"

	"github.com/otellint/otellint/runtimecheck/internal/otlptest"
)

func TestValidUCUM(t *testing.T) {
	for _, u := range []string{"s", "ms", "us", "ns", "min", "h", "d", "By", "KiBy", "MiBy", "kBy", "bit", "{request}", "1", "%",
		"By/s", "{packet}/s", "Cel", "K", "10*3", "m/s2", "1/s", "{cpu}", "{thread}", "Hz", "W", "J", "A", "V", "By{allocated}", "/s", "[ppm]", "s.{core}"} {
		if !validUCUM([]byte(u)) {
			t.Errorf("validUCUM(%q) = false", u)
		}
	}
	for _, u := range []string{"", "seconds", "bytes", "count", "requests", "sec", "ms/", "{unclosed", "Bytes", "percent", "kb", "(s", "s..s", "req/s"} {
		if validUCUM([]byte(u)) {
			t.Errorf("validUCUM(%q) = true", u)
		}
	}
}

func TestUnitInName(t *testing.T) {
	for name, want := range map[string]string{
		"collection.duration.seconds": "seconds", "http_server_duration_ms": "ms", "Bytes_Sent": "bytes",
		"queue.size": "", "jvm.memory.used": "", "app.msgs": "", "disk.io": "", "cache.hit_percent": "percent",
	} {
		if got := unitInName([]byte(name)); got != want {
			t.Errorf("unitInName(%q) = %q, want %q", name, got, want)
		}
	}
}

// The metric and log rules of the score: one finding per offending metric
// or log stream, none for good ones, and the score fails each rule.
func TestMetricAndLogRules(t *testing.T) {
	c := newTestChecker(t, nil)
	res := otlptest.Resource(str("service.name", "shop"), str("service.instance.id", "shop-1"))
	consume(t, c, payload{
		metrics: otlptest.Metrics(res, "m",
			otlptest.Sum("app.jobs", "", true, dp()),                      // no unit
			otlptest.Sum("app.sent", "bytes", true, dp()),                 // not UCUM
			otlptest.Histogram("app.queue.latency.seconds", "s", dp()),    // unit in the name
			otlptest.Gauge("http.request.method", "{method}", dp()),       // an attribute key
			otlptest.Histogram("app.step.duration", "ms", dp()),           // fine
			otlptest.Sum("app.items", "{item}", true, dp(str("k", "v")))), // fine
		logs: otlptest.Logs(res, "l", &logspb.LogRecord{}, &logspb.LogRecord{SeverityText: "INFO"},
			&logspb.LogRecord{SeverityNumber: 9}),
	})
	r := c.Snapshot()
	units := find(r, IDMetricUnitUnset)
	if len(units) != 2 {
		t.Fatalf("metric_unit_unset_or_default:\n%s", dump(r))
	}
	for _, f := range units {
		if (f.Name == "app.jobs") == (f.Context["unit"] != "") || (f.Name != "app.jobs" && f.Name != "app.sent") {
			t.Errorf("unit finding %+v", f)
		}
	}
	if f := findOne(t, r, IDMetricNameContainsUnit); f.Name != "app.queue.latency.seconds" || f.Context["unit_in_name"] != "seconds" {
		t.Errorf("metric_name_contains_unit = %+v", f)
	}
	if f := findOne(t, r, IDMetricNameIsAttribute); f.Name != "http.request.method" || f.Level != Violation {
		t.Errorf("metric_name_is_attribute_key = %+v", f)
	}
	if f := findOne(t, r, IDLogSeverityUnset); f.Count != 2 || f.Signal != SignalLogs {
		t.Errorf("log_severity_unset = %+v, want 2 records", f)
	}
	if len(find(r, IDMissingServiceInstance)) != 0 {
		t.Errorf("missing_service_instance_id with an id:\n%s", dump(r))
	}
	ss := r.Score.Services
	if len(ss) != 1 {
		t.Fatalf("services = %+v", ss)
	}
	var failed []string
	for _, f := range ss[0].Failed {
		failed = append(failed, f.ID)
	}
	// Weight order (Important 30 before Normal 20), then rule order.
	if want := "[LOG-002 MET-002 MET-006 MET-005]"; fmt.Sprint(failed) != want {
		t.Errorf("failed rules = %v, want %s", failed, want)
	}
}

// duplicate_service_instance_id: one service.instance.id on two pods of a
// service; not for the same pod sending several signals, not for two
// services that happen to use the same id, not without workload
// attributes to tell them apart.
func TestDuplicateServiceInstanceID(t *testing.T) {
	c := newTestChecker(t, nil)
	res := func(service, id, pod string) *payload {
		r := otlptest.Resource(str("service.name", service), str("service.instance.id", id))
		if pod != "" {
			r.Attributes = append(r.Attributes, str("k8s.pod.name", pod))
		}
		return &payload{traces: otlptest.Traces(r, "s", goodServer("GET /a")), metrics: otlptest.Metrics(r, "m")}
	}
	for _, p := range []*payload{
		res("payment", "abc", "payment-abc123"), res("payment", "abc", "payment-abc123"), // the same pod again
		res("payment", "abc", "payment-def456"), res("payment", "abc", "payment-def456"), // another pod: twice
		res("orders", "abc", "orders-1"),           // another service
		res("cart", "x", ""), res("cart", "x", ""), // nothing tells them apart
	} {
		consume(t, c, *p)
	}
	r := c.Snapshot()
	fs := find(r, IDDuplicateServiceInst)
	total := int64(0)
	for _, f := range fs {
		if f.Service != "payment" || f.Attribute != "service.instance.id" || f.Context["differing"] != "k8s.pod.name" {
			t.Errorf("finding %+v", f)
		}
		total += f.Count
	}
	// Two resources of the second pod, each in a traces and a metrics request.
	if total != 4 {
		t.Errorf("duplicate_service_instance_id occurrences = %d, want 4:\n%s", total, dump(r))
	}
	for _, ss := range r.Score.Services {
		failedRES002 := false
		for _, f := range ss.Failed {
			failedRES002 = failedRES002 || f.ID == "RES-002"
		}
		if failedRES002 != (ss.Service == "payment") {
			t.Errorf("%s: RES-002 failed = %v", ss.Service, failedRES002)
		}
	}
}

// The package doc's ids table lists every id with its level and rule.
func TestDocIDsTable(t *testing.T) {
	data, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(strings.TrimPrefix(line, "//"))
		if len(f) < 2 || !strings.HasPrefix(line, "//\t") {
			continue
		}
		if _, known := idLevels[f[0]]; !known {
			continue
		}
		if f[1] != string(LevelOf(f[0])) {
			continue // the score's rule list: "RES-001 Normal id"
		}
		listed[f[0]] = true
		rule := ""
		if len(f) > 2 {
			rule = f[2]
		}
		if rule != RuleForFinding(f[0]) {
			t.Errorf("doc.go: %s rule %q, want %q", f[0], rule, RuleForFinding(f[0]))
		}
	}
	for _, id := range IDs() {
		if !listed[id] {
			t.Errorf("doc.go ids table lacks %s", id)
		}
		if idDescriptions[id] == "" {
			t.Errorf("%s has no description (SARIF rules)", id)
		}
	}
}
