package semconv

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLayers(t *testing.T) {
	company := newRegistry("", []Attribute{
		{Key: "acme.tenant", Type: "string"},
		{Key: "acme.old", Type: "string", Deprecated: &Deprecation{Reason: "renamed", RenamedTo: "acme.tenant"}},
		{Key: "acme.legacy_status", Type: "int", Deprecated: &Deprecation{Reason: "renamed", RenamedTo: "http.status_code"}},
		// Shadows the official definition.
		{Key: "http.route", Type: "int"},
	}, []Group{{ID: "registry.acme", Type: "attribute_group"}, {ID: "metric.http.server.request.duration", Type: "metric", MetricName: "http.server.request.duration"}})
	l := Layers{company, Default()}

	if a, _, from, ok := l.Lookup("http.route"); !ok || from != company || a.Type != "int" {
		t.Errorf("Lookup(http.route) = %v from %p, want the company's int", a, from)
	}
	if _, _, from, ok := l.Lookup("http.request.method"); !ok || from != l[1] {
		t.Error("Lookup must fall through to the lower registry")
	}
	if !l.OwnsNamespace("acme.tenants") || !l.OwnsNamespace("http.request.methd") || l.OwnsNamespace("nobody.x") {
		t.Error("OwnsNamespace must ask every registry")
	}
	if s, ok := l.Suggest("acme.tenent"); !ok || s != "acme.tenant" {
		t.Errorf("Suggest(acme.tenent) = %q, %v", s, ok)
	}
	if s, ok := l.Suggest("http.request.methd"); !ok || s != "http.request.method" {
		t.Errorf("Suggest(http.request.methd) = %q, %v", s, ok)
	}
	if _, ok := l.Suggest("acme.tenant"); ok {
		t.Error("a defined key gets no suggestion")
	}
	cur, chain := l.Current("acme.legacy_status")
	if cur != "http.response.status_code" || !cmp.Equal(chain, []string{"http.status_code", "http.response.status_code"}) {
		t.Errorf("Current across layers = %q %v", cur, chain)
	}
	if g, from, ok := l.Group("registry.acme"); !ok || from != company || g.ID != "registry.acme" {
		t.Error("Group from the upper registry")
	}
	want, _ := company.Group("metric.http.server.request.duration")
	if gs := l.MetricGroups("http.server.request.duration"); len(gs) != 1 || gs[0] != want {
		t.Errorf("MetricGroups = %v, want the company's group only", gs)
	}
	attrs := l.Attributes()
	n := 0
	for i, a := range attrs {
		if i > 0 && attrs[i-1].Key >= a.Key {
			t.Fatalf("Attributes not sorted or not unique at %q", a.Key)
		}
		if a.Key == "http.route" {
			n++
			if a.Type != "int" {
				t.Error("Attributes must keep the upper registry's definition")
			}
		}
	}
	if n != 1 || len(attrs) != len(Default().Attributes())+3 {
		t.Errorf("Attributes: %d entries, want the default's plus 3 new company keys", len(attrs))
	}
	if gs := l.Groups(); len(gs) != len(Default().Groups())+1 {
		t.Errorf("Groups: %d, want the default's plus registry.acme", len(gs))
	}
}
