package semconv

import (
	"os"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// officialModel is the official v1.44.0 model, shared by the otellint
// developers beside the repository (it is not ours to commit).
const officialModel = "../../shared/semconv/v1.44.0/model"

var official = sync.OnceValues(func() (*Registry, error) { return Load(officialModel) })

func loadOfficial(t testing.TB) *Registry {
	t.Helper()
	if _, err := os.Stat(officialModel); err != nil {
		t.Skipf("official model not available (expected ../shared/semconv/v1.44.0/model beside the repository): %v", err)
	}
	r, err := official()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

type registryCounts struct {
	Attributes, Deprecated, Templates, Enums int
	Groups                                   map[string]int
	SpanKinds                                map[string]int
	// Refinements counts signal groups extending a group of their own type
	// (version 2 refinements and version 1 spans extending spans).
	Refinements map[string]int
}

func countRegistry(r *Registry) registryCounts {
	c := registryCounts{Groups: map[string]int{}, SpanKinds: map[string]int{}, Refinements: map[string]int{}}
	for _, a := range r.Attributes() {
		c.Attributes++
		if a.Deprecated != nil {
			c.Deprecated++
		}
		if a.Template {
			c.Templates++
		}
		if a.Enum != nil {
			c.Enums++
		}
	}
	for _, g := range r.Groups() {
		c.Groups[g.Type]++
		if g.Type == GroupSpan {
			c.SpanKinds[g.SpanKind]++
		}
		if p, ok := r.Group(g.Extends); ok && p.Type == g.Type && g.Type != GroupAttributeGroup {
			c.Refinements[g.Type]++
		}
	}
	return c
}

// wantOfficialCounts are the counts of v1.44.0. The project's first count
// (932 attributes, 503 metrics, 66 spans: client 46, server 10, internal 10)
// only looked at the version 1 "groups:" files. v1.44.0 also has 32 files in
// the version 2 syntax (file_format: definition/2), which define
//   - 8 attributes: {client,server,source,destination}.{address,port};
//   - 38 metrics (hw.*) and 21 metric refinements (metric.hw.*.status and
//     metric.hw.*.errors, refining hw.status and hw.errors);
//   - 12 spans (faas.* and messaging.*, including the producer and consumer
//     kinds) and 35 span refinements (span.messaging.<system>.*);
//   - 22 attribute groups.
//
// So: spans 66 + 12 + 35 = 113 (client 46+6+16, server 10+3, internal 10,
// producer 2+12, consumer 1+7), metrics 503 + 38 + 21 = 562. The 55 span
// "refinements" are the 35 version 2 ones plus 20 version 1 spans that
// extend another span (span.aws.client, span.db.sql.client, ...).
//
// None of the 8 attributes is deprecated, a template or an enum, so those
// counts agree with the project's.
var wantOfficialCounts = registryCounts{
	Attributes: 940,
	Deprecated: 206,
	Templates:  41,
	Enums:      171,
	Groups: map[string]int{
		GroupAttributeGroup: 230,
		GroupSpan:           113,
		GroupMetric:         562,
		GroupEvent:          32,
		GroupEntity:         64,
	},
	SpanKinds: map[string]int{
		"client":   68,
		"server":   13,
		"internal": 10,
		"producer": 14,
		"consumer": 8,
	},
	Refinements: map[string]int{
		GroupSpan:   55,
		GroupMetric: 21,
	},
}

func TestOfficialCounts(t *testing.T) {
	r := loadOfficial(t)
	if got := r.Version(); got != "1.44.0" {
		t.Errorf("Version() = %q, want 1.44.0", got)
	}
	if d := cmp.Diff(wantOfficialCounts, countRegistry(r)); d != "" {
		t.Errorf("counts of the official model (-want +got):\n%s", d)
	}
}

// TestDefaultCounts checks the embedded registry without needing ../shared.
func TestDefaultCounts(t *testing.T) {
	if d := cmp.Diff(wantOfficialCounts, countRegistry(Default())); d != "" {
		t.Errorf("counts of Default() (-want +got):\n%s", d)
	}
	if got := Default().Version(); got != "1.44.0" {
		t.Errorf("Default().Version() = %q, want 1.44.0", got)
	}
	if a, b := Default(), Default(); a != b {
		t.Error("Default() is not shared")
	}
}

// TestDefaultMatchesOfficial checks that the embedded registry is the
// official model, fact for fact.
func TestDefaultMatchesOfficial(t *testing.T) {
	r := loadOfficial(t)
	if d := cmp.Diff(r.Attributes(), Default().Attributes()); d != "" {
		t.Errorf("Default() attributes differ from the model (-model +default):\n%s", d)
	}
	if d := cmp.Diff(r.Groups(), Default().Groups()); d != "" {
		t.Errorf("Default() groups differ from the model (-model +default):\n%s", d)
	}
}

// TestOfficialFacts spot-checks resolution against facts of v1.44.0 that the
// linter relies on.
func TestOfficialFacts(t *testing.T) {
	r := Default()
	m, ok := r.Attribute("http.request.method")
	if !ok || m.Type != TypeString || m.Stability != "stable" || !m.HasEnumValue("GET") || !m.HasEnumValue("_OTHER") {
		t.Errorf("http.request.method = %+v", m)
	}
	if a, tmpl, ok := r.Lookup("http.request.header.x-forwarded-for"); !ok || !tmpl || a.Key != "http.request.header" || a.Type != TypeStringArray {
		t.Errorf("Lookup(http.request.header.x-forwarded-for) = %+v, %v, %v", a, tmpl, ok)
	}
	if cur, _ := r.Current("http.method"); cur != "http.request.method" {
		t.Errorf("Current(http.method) = %q", cur)
	}
	if s, ok := r.Suggest("http.request.methd"); !ok || s != "http.request.method" {
		t.Errorf("Suggest(http.request.methd) = %q, %v", s, ok)
	}
	if !r.OwnsNamespace("http.request.methd") || r.OwnsNamespace("acme.tenant.id") {
		t.Error("OwnsNamespace wrong on the official registry")
	}
	g, ok := r.Metric("http.server.request.duration")
	if !ok || g.Instrument != "histogram" || g.Unit != "s" || g.Stability != "stable" {
		t.Errorf("Metric(http.server.request.duration) = %+v", g)
	}
	if ga, ok := g.Attribute("http.request.method"); !ok || ga.Requirement != RequirementRequired {
		t.Errorf("http.server.request.duration uses http.request.method as %+v, %v", ga, ok)
	}
	s, ok := r.Group("span.http.client")
	if !ok || s.SpanKind != "client" {
		t.Fatalf("span.http.client = %+v", s)
	}
	for key, want := range map[string]string{
		"http.request.method":          RequirementRequired,              // inherited through extends
		"http.request.method_original": RequirementConditionallyRequired, // the span's own ref
		"http.request.header":          RequirementOptIn,
		"url.full":                     RequirementRequired,
	} {
		if ga, ok := s.Attribute(key); !ok || ga.Requirement != want {
			t.Errorf("span.http.client %s = %+v, %v; want %s", key, ga, ok, want)
		}
	}
	if hw, ok := r.Group("metric.hw.fan.status"); !ok || hw.MetricName != "hw.status" || hw.Extends != "metric.hw.status" {
		t.Errorf("metric.hw.fan.status = %+v", hw)
	}
	if base, ok := r.Metric("hw.status"); !ok || base.ID != "metric.hw.status" {
		t.Errorf("Metric(hw.status) = %+v, want the base metric", base)
	}
	// hw.status and its refinements for 14 hardware component types.
	if got := len(r.MetricGroups("hw.status")); got != 15 {
		t.Errorf("len(MetricGroups(hw.status)) = %d, want 15", got)
	}
	if ev, ok := r.Event("app.crash"); !ok || ev.Type != GroupEvent {
		t.Errorf("Event(app.crash) = %+v, %v", ev, ok)
	}
	svc, ok := r.Entity("service")
	if !ok || svc.Type != GroupEntity {
		t.Fatalf("Entity(service) = %+v, %v", svc, ok)
	}
	if ga, ok := svc.Attribute("service.name"); !ok || ga.Requirement != RequirementRequired {
		t.Errorf("entity service uses service.name as %+v, %v", ga, ok)
	}
}

// TestDefaultIntegrity checks the references inside the embedded registry:
// every group attribute and every extends resolves, and every renamed_to of
// an attribute names an existing attribute (autofixes rely on it).
func TestDefaultIntegrity(t *testing.T) {
	r := Default()
	for _, g := range r.Groups() {
		for _, ga := range g.Attributes {
			if _, ok := r.Attribute(ga.Key); !ok {
				t.Errorf("group %s uses unknown attribute %s", g.ID, ga.Key)
			}
			switch ga.Requirement {
			case RequirementRequired, RequirementConditionallyRequired, RequirementRecommended, RequirementOptIn:
			default:
				t.Errorf("group %s: %s has requirement %q", g.ID, ga.Key, ga.Requirement)
			}
		}
		if g.Extends != "" {
			if _, ok := r.Group(g.Extends); !ok {
				t.Errorf("group %s extends unknown group %s", g.ID, g.Extends)
			}
		}
		if g.Type == GroupSpan && g.SpanKind == "" {
			t.Errorf("span group %s has no span kind", g.ID)
		}
		if g.Type == GroupMetric && (g.MetricName == "" || g.Instrument == "" || g.Unit == "") {
			t.Errorf("metric group %s lacks name, instrument or unit: %+v", g.ID, g)
		}
	}
	for _, a := range r.Attributes() {
		if a.Deprecated == nil || a.Deprecated.RenamedTo == "" {
			continue
		}
		if _, ok := r.Attribute(a.Deprecated.RenamedTo); !ok {
			t.Errorf("%s is renamed to unknown attribute %s", a.Key, a.Deprecated.RenamedTo)
		}
		cur, _ := r.Current(a.Key)
		if c, _ := r.Attribute(cur); c.Deprecated != nil && c.Deprecated.RenamedTo != "" {
			t.Errorf("Current(%s) = %s, which is itself renamed", a.Key, cur)
		}
	}
}
