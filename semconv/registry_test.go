package semconv

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAttributeAndLookup(t *testing.T) {
	r := loadBasic(t)
	tests := []struct {
		key          string
		wantKey      string
		wantTemplate bool
		wantOK       bool
	}{
		{"http.request.method", "http.request.method", false, true},
		{"http.request.header.x-id", "http.request.header", true, true},
		{"http.request.header.a.b", "http.request.header", true, true},
		// The bare template prefix is the attribute itself, not an instance.
		{"http.request.header", "http.request.header", false, true},
		// The separating dot is required.
		{"http.request.headers.host", "", false, false},
		{"http.request.headerx", "", false, false},
		{"http.request.header.", "", false, false},
		{"http.request.methd", "", false, false},
		{"", "", false, false},
		{"zzz", "", false, false},
	}
	for _, tt := range tests {
		a, tmpl, ok := r.Lookup(tt.key)
		gotKey := ""
		if a != nil {
			gotKey = a.Key
		}
		if gotKey != tt.wantKey || tmpl != tt.wantTemplate || ok != tt.wantOK {
			t.Errorf("Lookup(%q) = %q, %v, %v; want %q, %v, %v", tt.key, gotKey, tmpl, ok, tt.wantKey, tt.wantTemplate, tt.wantOK)
		}
	}
	if _, ok := r.Attribute("http.request.header.x-id"); ok {
		t.Error("Attribute matched a template instance; it must be exact")
	}
	if a, ok := r.Attribute("server.port"); !ok || a.Type != TypeInt {
		t.Errorf("Attribute(server.port) = %v, %v", a, ok)
	}
}

func TestOwnsNamespace(t *testing.T) {
	r := loadBasic(t)
	tests := map[string]bool{
		"http.request.methd":  true, // via http.request
		"http.foo":            true, // via http
		"http.request.method": true, // an attribute itself
		"server.whatever":     true,
		"http":                false, // no dot: only attributes are owned
		"https.foo":           false, // "https" is not "http"
		"http-x.foo":          false,
		"acme.tenant":         false,
		"":                    false,
		".http":               false,
	}
	for key, want := range tests {
		if got := r.OwnsNamespace(key); got != want {
			t.Errorf("OwnsNamespace(%q) = %v, want %v", key, got, want)
		}
	}
}

func TestSuggest(t *testing.T) {
	r := loadBasic(t)
	tests := []struct {
		key, want string
		ok        bool
	}{
		{"http.request.methd", "http.request.method", true},
		{"http.request.mehtod", "http.request.method", true}, // transposition
		{"http.requst.method", "http.request.method", true},  // typo in the namespace part
		{"http.rout", "http.route", true},
		{"server.prot", "server.port", true},
		{"http.request.method", "", false}, // known keys need no suggestion
		{"http.request.header.x", "", false},
		{"http.request.xxxxxxxx", "", false}, // too far from everything
		{"acme.tenant", "", false},           // not a registry namespace
		// Deprecated attributes are never suggested: "http.verb" is
		// deprecated, so "http.verbs" has no candidate.
		{"http.verbs", "", false},
	}
	for _, tt := range tests {
		got, ok := r.Suggest(tt.key)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Suggest(%q) = %q, %v; want %q, %v", tt.key, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSuggestAmbiguous(t *testing.T) {
	r := newRegistry("", []Attribute{
		{Key: "x.alpha1", Type: TypeString},
		{Key: "x.alpha2", Type: TypeString},
		{Key: "x.beta", Type: TypeString},
	}, nil)
	// "x.alpha3" is at distance 1 of two attributes: no clear winner.
	if got, ok := r.Suggest("x.alpha3"); ok {
		t.Errorf("Suggest(x.alpha3) = %q, want no suggestion", got)
	}
	if got, ok := r.Suggest("x.betaa"); !ok || got != "x.beta" {
		t.Errorf("Suggest(x.betaa) = %q, %v; want x.beta", got, ok)
	}
	// Short keys allow a single edit only.
	if got, ok := r.Suggest("x.bxtx"); ok {
		t.Errorf("Suggest(x.bxtx) = %q, want no suggestion for 2 edits in a short key", got)
	}
}

func TestOSADistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "abc", 0},
		{"abc", "abd", 1},
		{"abc", "acb", 1},
		{"abc", "", 3},
		{"kitten", "sitting", 3},
		{"http.request.method", "http.request.methd", 1},
	}
	var buf [3][64]int
	for _, tt := range tests {
		if got := osaDistance(tt.a, tt.b, 100, &buf); got != tt.want {
			t.Errorf("osaDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		// The limit caps the result.
		if got := osaDistance(tt.a, tt.b, 1, &buf); got != min(tt.want, 1) {
			t.Errorf("osaDistance(%q, %q, limit 1) = %d, want %d", tt.a, tt.b, got, min(tt.want, 1))
		}
	}
	long := "a.very.long.attribute.key.that.exceeds.the.stack.buffer.size.of.sixty.four"
	if got := osaDistance(long, long+"x", 5, &buf); got != 1 {
		t.Errorf("osaDistance(long) = %d, want 1", got)
	}
}

func TestCurrent(t *testing.T) {
	r := loadBasic(t)
	key, chain := r.Current("http.method")
	if key != "http.request.method" {
		t.Errorf("Current(http.method) = %q, want http.request.method", key)
	}
	if d := cmp.Diff([]string{"http.verb", "http.request.method"}, chain); d != "" {
		t.Errorf("chain (-want +got):\n%s", d)
	}
	if key, chain := r.Current("http.route"); key != "http.route" || chain != nil {
		t.Errorf("Current(http.route) = %q, %v; want itself and no chain", key, chain)
	}
	if key, chain := r.Current("unknown.key"); key != "unknown.key" || chain != nil {
		t.Errorf("Current(unknown.key) = %q, %v", key, chain)
	}

	cyc := newRegistry("", []Attribute{
		{Key: "a", Deprecated: &Deprecation{Reason: DeprecationRenamed, RenamedTo: "b"}},
		{Key: "b", Deprecated: &Deprecation{Reason: DeprecationRenamed, RenamedTo: "c"}},
		{Key: "c", Deprecated: &Deprecation{Reason: DeprecationRenamed, RenamedTo: "a"}},
		{Key: "self", Deprecated: &Deprecation{Reason: DeprecationRenamed, RenamedTo: "self"}},
	}, nil)
	key, chain = cyc.Current("a")
	if key != "c" || !cmp.Equal(chain, []string{"b", "c"}) {
		t.Errorf("Current(a) in a cycle = %q, %v; want c, [b c]", key, chain)
	}
	if key, chain := cyc.Current("self"); key != "self" || chain != nil {
		t.Errorf("Current(self) = %q, %v", key, chain)
	}
}

func TestTypeCompatible(t *testing.T) {
	tests := []struct {
		want, got Type
		ok        bool
	}{
		{TypeString, TypeString, true},
		{TypeDouble, TypeInt, true},
		{TypeInt, TypeDouble, false},
		{TypeString, TypeInt, false},
		{TypeBoolean, TypeString, false},
		{TypeStringArray, TypeStringArray, true},
		{TypeStringArray, TypeString, false},
		{TypeString, TypeStringArray, false},
		{TypeDoubleArray, TypeIntArray, false},
		{TypeIntArray, TypeInt, false},
		{TypeAny, TypeIntArray, true},
		{TypeInt, TypeAny, true},
	}
	for _, tt := range tests {
		if got := TypeCompatible(tt.want, tt.got); got != tt.ok {
			t.Errorf("TypeCompatible(%q, %q) = %v, want %v", tt.want, tt.got, got, tt.ok)
		}
	}
}

func TestTypeArray(t *testing.T) {
	if !TypeIntArray.IsArray() || TypeInt.IsArray() || Type("[]").IsArray() {
		t.Error("IsArray wrong")
	}
	if TypeBooleanArray.Elem() != TypeBoolean || TypeString.Elem() != TypeString {
		t.Error("Elem wrong")
	}
}

func TestHasEnumValue(t *testing.T) {
	r := loadBasic(t)
	m, _ := r.Attribute("http.request.method")
	if !m.HasEnumValue("GET") || m.HasEnumValue("get") || m.HasEnumValue("") {
		t.Error("HasEnumValue on http.request.method is wrong")
	}
	n, _ := r.Attribute("http.retries")
	if !n.HasEnumValue("2") || n.HasEnumValue("0x2") {
		t.Error("int enum values must be decimal")
	}
	s, _ := r.Attribute("http.route")
	if s.HasEnumValue("") {
		t.Error("HasEnumValue on a non-enum reported true")
	}
}

func ids(gs []*Group) []string {
	var out []string
	for _, g := range gs {
		out = append(out, g.ID)
	}
	return out
}

func TestGroupLookups(t *testing.T) {
	r := loadBasic(t)
	if g, ok := r.Group("span.http.client"); !ok || g.SpanKind != "client" {
		t.Errorf("Group(span.http.client) = %v, %v", g, ok)
	}
	if _, ok := r.Group("span.http"); ok {
		t.Error("Group matched a prefix")
	}
	if g, ok := r.Metric("http.client.duration"); !ok || g.ID != "metric.http.client.duration" {
		t.Errorf("Metric(http.client.duration) = %v, %v", g, ok)
	}
	if d := cmp.Diff([]string{"metric.net.connections", "metric.net.connections.tls"}, ids(r.MetricGroups("net.connections"))); d != "" {
		t.Errorf("MetricGroups(net.connections) (-want +got):\n%s", d)
	}
	if ev, ok := r.Event("http.thing"); !ok || ev.ID != "event.http.thing" {
		t.Errorf("Event(http.thing) = %v, %v", ev, ok)
	}
	if _, ok := r.Event("event.http.thing"); ok {
		t.Error("Event matched a group id")
	}
	if _, ok := r.Entity("http.thing"); ok {
		t.Error("Entity matched an event")
	}
	if _, ok := r.Metric("metric.http.client.duration"); ok {
		t.Error("Metric matched a group id instead of a metric name")
	}
	if ga, ok := (&Group{Attributes: []GroupAttribute{{"a", RequirementOptIn}}}).Attribute("a"); !ok || ga.Requirement != RequirementOptIn {
		t.Error("Group.Attribute failed")
	}

	if d := cmp.Diff([]string{"span.http.client", "span.net.connect.client", "span.net.connect.tls.client"}, ids(r.SpanGroups("client"))); d != "" {
		t.Errorf("SpanGroups(client) (-want +got):\n%s", d)
	}
	if d := cmp.Diff(ids(r.SpanGroups("client")), ids(r.SpanGroups("SPAN_KIND_CLIENT"))); d != "" {
		t.Errorf("SpanGroups(SPAN_KIND_CLIENT) differs from client:\n%s", d)
	}
	if d := cmp.Diff(ids(r.SpanGroups("client")), ids(r.SpanGroups("Client"))); d != "" {
		t.Errorf("SpanGroups(Client) differs from client:\n%s", d)
	}
	if got := r.SpanGroups("SPAN_KIND_"); got != nil {
		t.Errorf("SpanGroups(SPAN_KIND_) = %v, want none", ids(got))
	}
	if got := r.SpanGroups("server"); got != nil {
		t.Errorf("SpanGroups(server) = %v, want none", ids(got))
	}
	if got := len(r.SpanGroups("")); got != 3 {
		t.Errorf("len(SpanGroups(\"\")) = %d, want 3", got)
	}

	type use struct{ ID, Req string }
	uses := func(key string) []use {
		var out []use
		for _, u := range r.UsedBy(key) {
			out = append(out, use{u.Group.ID, u.Requirement})
		}
		return out
	}
	want := []use{
		{"metric.http.client.duration", RequirementOptIn},
		{"span.http.client", RequirementRequired},
	}
	if d := cmp.Diff(want, uses("http.request.method")); d != "" {
		t.Errorf("UsedBy(http.request.method) (-want +got):\n%s", d)
	}
	want = []use{
		{"metric.net.connections", RequirementOptIn},
		{"metric.net.connections.tls", RequirementOptIn},
		{"span.net.connect.client", RequirementOptIn},
		{"span.net.connect.tls.client", RequirementRequired},
	}
	if d := cmp.Diff(want, uses("server.port")); d != "" {
		t.Errorf("UsedBy(server.port) (-want +got):\n%s", d)
	}
	if got := r.UsedBy("http.method"); got != nil {
		t.Errorf("UsedBy(http.method) = %v, want none", got)
	}
}

func TestIterationSorted(t *testing.T) {
	r := Default()
	attrs := r.Attributes()
	for i := 1; i < len(attrs); i++ {
		if attrs[i-1].Key >= attrs[i].Key {
			t.Fatalf("Attributes not strictly sorted at %d: %q, %q", i, attrs[i-1].Key, attrs[i].Key)
		}
	}
	groups := r.Groups()
	for i := 1; i < len(groups); i++ {
		if groups[i-1].ID >= groups[i].ID {
			t.Fatalf("Groups not strictly sorted at %d: %q, %q", i, groups[i-1].ID, groups[i].ID)
		}
	}
}

// TestNewRegistrySorts covers input that is not already sorted (Load's).
func TestNewRegistrySorts(t *testing.T) {
	r := newRegistry("", []Attribute{{Key: "b"}, {Key: "a"}}, []Group{{ID: "y"}, {ID: "x"}})
	if r.Attributes()[0].Key != "a" || r.Groups()[0].ID != "x" {
		t.Error("newRegistry did not sort its input")
	}
	if a, ok := r.Attribute("b"); !ok || a.Key != "b" {
		t.Error("lookup after sorting failed")
	}
}

func TestLookupsDoNotAllocate(t *testing.T) {
	r := Default()
	r.UsedBy("") // build the lazy indexes outside the measurement
	var sink bool
	allocs := testing.AllocsPerRun(200, func() {
		_, ok := r.Attribute("http.request.method")
		sink = sink != ok
		_, _, ok = r.Lookup("http.request.header.x-request-id")
		sink = sink != ok
		_, _, ok = r.Lookup("http.request.headers.host")
		sink = sink != ok
		sink = sink != r.OwnsNamespace("http.request.methd")
		sink = sink != r.OwnsNamespace("acme.thing.x")
		_, ok = r.Metric("http.server.request.duration")
		sink = sink != ok
		_, ok = r.Group("span.http.client")
		sink = sink != ok
		sink = sink != (len(r.UsedBy("http.request.method")) > 0)
		sink = sink != (len(r.SpanGroups("client")) > 0)
		sink = sink != (len(r.SpanGroups("SPAN_KIND_SERVER")) > 0)
		sink = sink != (len(r.SpanGroups("Producer")) > 0)
		sink = sink != TypeCompatible(TypeDouble, TypeInt)
		a, _ := r.Attribute("http.request.method")
		sink = sink != a.HasEnumValue("GET")
		cur, _ := r.Current("http.route")
		sink = sink != (cur == "")
		_, ok = r.Suggest("http.request.methd")
		sink = sink != ok
	})
	if allocs != 0 {
		t.Errorf("lookups allocated %v times per run, want 0", allocs)
	}
	_ = sink
}

// TestConcurrentFirstUse lets several goroutines race to build the lazy
// indexes; run with -race to check the synchronisation.
func TestConcurrentFirstUse(t *testing.T) {
	r := loadBasic(t)
	done := make(chan int)
	for range 4 {
		go func() {
			n := len(r.UsedBy("http.request.method")) + len(r.SpanGroups("client"))
			if _, ok := r.Metric("http.client.duration"); ok {
				n++
			}
			done <- n
		}()
	}
	for range 4 {
		if n := <-done; n != 6 {
			t.Errorf("concurrent lookups saw %d results, want 6", n)
		}
	}
}
