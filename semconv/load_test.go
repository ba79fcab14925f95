package semconv

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func loadBasic(t testing.TB) *Registry {
	t.Helper()
	r, err := Load("testdata/basic")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestLoadBasicAttributes(t *testing.T) {
	r := loadBasic(t)
	if got, want := r.Version(), "9.9.0"; got != want {
		t.Errorf("Version() = %q, want %q", got, want)
	}
	want := []Attribute{
		{Key: "http.method", Type: TypeString, Stability: "development", Deprecated: &Deprecation{Reason: DeprecationRenamed, RenamedTo: "http.verb"}},
		{Key: "http.request.header", Type: TypeStringArray, Template: true, Stability: "stable"},
		{Key: "http.request.method", Type: TypeString, Stability: "stable", Enum: []EnumMember{
			{ID: "get", Value: "GET", Stability: "stable"},
			{ID: "other", Value: "_OTHER", Stability: "development"},
		}},
		{Key: "http.response.status_code", Type: TypeInt, Stability: "stable"},
		{Key: "http.retries", Type: TypeInt, Stability: "experimental", Enum: []EnumMember{
			{ID: "one", Value: "1"},
			{ID: "two", Value: "2", Deprecated: &Deprecation{Reason: DeprecationObsoleted}},
		}},
		{Key: "http.route", Type: TypeString, Stability: "stable"},
		{Key: "http.verb", Type: TypeString, Stability: "development", Deprecated: &Deprecation{Reason: DeprecationRenamed, RenamedTo: "http.request.method"}},
		{Key: "server.address", Type: TypeString, Stability: "stable"},
		{Key: "server.port", Type: TypeInt, Stability: "stable"},
	}
	var got []Attribute
	for _, a := range r.Attributes() {
		got = append(got, *a)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Attributes() mismatch (-want +got):\n%s", d)
	}
}

func TestLoadBasicGroups(t *testing.T) {
	r := loadBasic(t)
	want := []Group{
		{ID: "attributes.http.common", Type: GroupAttributeGroup, Attributes: []GroupAttribute{
			{"http.request.method", RequirementRequired},
			{"http.response.status_code", RequirementConditionallyRequired},
		}},
		{ID: "event.http.thing", Type: GroupEvent, Name: "http.thing", Stability: "development",
			Deprecated: &Deprecation{Reason: DeprecationUncategorized},
			Attributes: []GroupAttribute{{"http.route", RequirementRecommended}}},
		// extends inherits the parent's attributes; the group's own ref
		// overrides the inherited requirement level.
		{ID: "metric.http.client.duration", Type: GroupMetric, Extends: "attributes.http.common",
			MetricName: "http.client.duration", Instrument: "histogram", Unit: "s", Stability: "stable",
			Attributes: []GroupAttribute{
				{"http.request.method", RequirementOptIn},
				{"http.response.status_code", RequirementConditionallyRequired},
			}},
		// Version 2: ids derived from the metric name, ref_group included.
		{ID: "metric.net.connections", Type: GroupMetric, MetricName: "net.connections",
			Instrument: "updowncounter", Unit: "{connection}", Stability: "development",
			Attributes: []GroupAttribute{
				{"server.address", RequirementRecommended},
				{"server.port", RequirementOptIn},
			}},
		// A refinement inherits the refined metric's identity and attributes.
		{ID: "metric.net.connections.tls", Type: GroupMetric, Extends: "metric.net.connections",
			MetricName: "net.connections", Instrument: "updowncounter", Unit: "{connection}", Stability: "development",
			Attributes: []GroupAttribute{
				{"http.route", RequirementRecommended},
				{"server.address", RequirementRecommended},
				{"server.port", RequirementOptIn},
			}},
		{ID: "registry.http", Type: GroupAttributeGroup, Attributes: []GroupAttribute{
			{"http.method", RequirementRecommended},
			{"http.request.header", RequirementRecommended},
			{"http.request.method", RequirementRecommended},
			{"http.response.status_code", RequirementRecommended},
			{"http.retries", RequirementRecommended},
			{"http.route", RequirementRecommended},
			{"http.verb", RequirementRecommended},
		}},
		{ID: "server", Type: GroupAttributeGroup, Attributes: []GroupAttribute{
			{"server.address", RequirementRecommended},
			{"server.port", RequirementOptIn},
		}},
		{ID: "span.http.client", Type: GroupSpan, Extends: "attributes.http.common", SpanKind: "client", Stability: "stable",
			Attributes: []GroupAttribute{
				{"http.request.header", RequirementOptIn},
				{"http.request.method", RequirementRequired},
				{"http.response.status_code", RequirementConditionallyRequired},
				{"server.address", RequirementRecommended},
			}},
		{ID: "span.net.connect.client", Type: GroupSpan, SpanKind: "client", Stability: "development",
			Attributes: []GroupAttribute{
				{"server.address", RequirementRequired},
				{"server.port", RequirementOptIn},
			}},
		{ID: "span.net.connect.tls.client", Type: GroupSpan, Extends: "span.net.connect.client", SpanKind: "client", Stability: "development",
			Attributes: []GroupAttribute{
				{"server.address", RequirementRequired},
				{"server.port", RequirementRequired},
			}},
	}
	var got []Group
	for _, g := range r.Groups() {
		got = append(got, *g)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Groups() mismatch (-want +got):\n%s", d)
	}
	if m, ok := r.Metric("net.connections"); !ok || m.ID != "metric.net.connections" {
		t.Errorf("Metric(net.connections) = %v, %v; want the base metric, not its refinement", m, ok)
	}
}

// TestLoadFS checks that LoadFS sees the same registry as Load.
func TestLoadFS(t *testing.T) {
	want := loadBasic(t)
	got, err := LoadFS(os.DirFS("testdata/basic"))
	if err != nil {
		t.Fatal(err)
	}
	assertSameRegistry(t, want, got)
}

func assertSameRegistry(t *testing.T, want, got *Registry) {
	t.Helper()
	if d := cmp.Diff(want.Attributes(), got.Attributes()); d != "" {
		t.Errorf("attributes differ (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want.Groups(), got.Groups()); d != "" {
		t.Errorf("groups differ (-want +got):\n%s", d)
	}
	if want.Version() != got.Version() {
		t.Errorf("Version() = %q, want %q", got.Version(), want.Version())
	}
}

// writeArchives packs testdata/basic below prefix into a .tar.gz and a .zip.
func writeArchives(t *testing.T, prefix string) (tgz, zipName string) {
	t.Helper()
	dir := t.TempDir()
	tgz = filepath.Join(dir, "reg.tar.gz")
	zipName = filepath.Join(dir, "reg.zip")
	tf, err := os.Create(tgz)
	if err != nil {
		t.Fatal(err)
	}
	zf, err := os.Create(zipName)
	if err != nil {
		t.Fatal(err)
	}
	gz := gzip.NewWriter(tf)
	tw := tar.NewWriter(gz)
	zw := zip.NewWriter(zf)
	src := os.DirFS("testdata/basic")
	err = fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		name := prefix + p
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		if _, err := tw.Write(data); err != nil {
			return err
		}
		w, err := zw.Create(name)
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []io.Closer{tw, gz, tf, zw, zf} {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return tgz, zipName
}

func TestLoadArchives(t *testing.T) {
	want := loadBasic(t)
	// A release archive wraps the model in a top-level directory; Weaver's
	// [sub] notation finds the sub-folder below it.
	tgz, zipName := writeArchives(t, "semconv-9.9.0/model/")
	for _, p := range []string{tgz + "[model]", zipName + "[model]", tgz + "[semconv-9.9.0/model]"} {
		t.Run(filepath.Base(p), func(t *testing.T) {
			got, err := Load(p)
			if err != nil {
				t.Fatal(err)
			}
			assertSameRegistry(t, want, got)
		})
	}
	if _, err := Load(tgz + "[nope]"); err == nil || !strings.Contains(err.Error(), "[nope]") {
		t.Errorf("Load with a missing sub-folder: err = %v, want one naming [nope]", err)
	}
	flatTgz, flatZip := writeArchives(t, "")
	for _, p := range []string{flatTgz, flatZip} {
		got, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		assertSameRegistry(t, want, got)
	}
}

func TestLoadAllCombinesSources(t *testing.T) {
	r, err := LoadAll("testdata/company", "testdata/basic")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Version(), "0.3.0"; got != want {
		t.Errorf("Version() = %q, want the first source's %q", got, want)
	}
	g, ok := r.Group("span.acme.http.client")
	if !ok {
		t.Fatal("company span group missing")
	}
	want := []GroupAttribute{
		{"acme.tenant", RequirementRequired},
		{"http.request.header", RequirementOptIn},
		{"http.request.method", RequirementRequired},
		{"http.response.status_code", RequirementConditionallyRequired},
		{"http.route", RequirementRecommended},
		{"server.address", RequirementRecommended},
	}
	if d := cmp.Diff(want, g.Attributes); d != "" {
		t.Errorf("company group attributes (-want +got):\n%s", d)
	}
	// Order of sources does not matter for resolution.
	r2, err := LoadAll("testdata/basic", "testdata/company")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(r.Groups(), r2.Groups()); d != "" {
		t.Errorf("source order changed resolution:\n%s", d)
	}
	// The company registry alone has a dangling extends.
	if _, err := Load("testdata/company"); err == nil {
		t.Error("Load(company) without its dependency succeeded")
	}
	// The same source twice redefines everything.
	if _, err := LoadAll("testdata/basic", "testdata/basic"); err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Errorf("LoadAll(basic, basic) err = %v, want a duplicate error", err)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		dir string
		// want is a regexp the error must match; every error starts with
		// file:line.
		want string
	}{
		{"cycle", `^testdata/errors/cycle/groups\.yaml:\d+: cycle in extends/ref_group: (a -> b -> c -> a|b -> c -> a -> b|c -> a -> b -> c)$`},
		{"dangling_ref", `^testdata/errors/dangling_ref/groups\.yaml:12: group "span\.x": ref to unknown attribute "x\.two"$`},
		{"dangling_extends", `^testdata/errors/dangling_extends/groups\.yaml:5: group "span\.x": unknown group "attributes\.missing"$`},
		{"duplicate_attr", `^testdata/errors/duplicate_attr/b\.yaml:7: duplicate attribute "dup\.key" \(first defined at testdata/errors/duplicate_attr/a\.yaml:5\)$`},
		{"duplicate_group", `^testdata/errors/duplicate_group/groups\.yaml:7: duplicate group id "span\.same" \(first defined at testdata/errors/duplicate_group/groups\.yaml:2\)$`},
		{"malformed", `^testdata/errors/malformed/groups\.yaml:\d+: did not find expected`},
		{"badtype", `^testdata/errors/badtype/groups\.yaml:7: cannot unmarshal`},
		{"refgroup_cycle", `^testdata/errors/refgroup_cycle/groups\.yaml:\d+: cycle in extends/ref_group: (g1 -> g2 -> g1|g2 -> g1 -> g2)$`},
		{"unknown_refinement", `^testdata/errors/unknown_refinement/groups\.yaml:4: metric refinement "metric\.x\.refined" refines unknown metric "x\.missing"$`},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			_, err := Load(filepath.Join("testdata/errors", tt.dir))
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if !regexp.MustCompile(tt.want).MatchString(err.Error()) {
				t.Errorf("error = %q, want match for %q", err, tt.want)
			}
		})
	}
}

// TestLoadVersion2 covers the `version: "2"` marker, entities with identity
// and description attributes, events, and boolean and double enums.
func TestLoadVersion2(t *testing.T) {
	r, err := Load("testdata/v2")
	if err != nil {
		t.Fatal(err)
	}
	wantAttrs := []Attribute{
		{Key: "svc.flag", Type: TypeBoolean, Stability: "development", Enum: []EnumMember{{ID: "on", Value: "true"}, {ID: "off", Value: "false"}}},
		{Key: "svc.name", Type: TypeString, Stability: "stable"},
		{Key: "svc.old", Type: TypeInt, Stability: "development", Deprecated: &Deprecation{Reason: "unspecified"}},
		{Key: "svc.ratio", Type: TypeDouble, Stability: "development", Enum: []EnumMember{{ID: "half", Value: "0.5"}, {ID: "one", Value: "1"}}},
		{Key: "svc.version", Type: TypeString, Stability: "development"},
	}
	var gotAttrs []Attribute
	for _, a := range r.Attributes() {
		gotAttrs = append(gotAttrs, *a)
	}
	if d := cmp.Diff(wantAttrs, gotAttrs); d != "" {
		t.Errorf("attributes (-want +got):\n%s", d)
	}
	wantGroups := []Group{
		{ID: "entity.svc", Type: GroupEntity, Name: "svc", Stability: "stable", Attributes: []GroupAttribute{
			{"svc.flag", RequirementOptIn},
			{"svc.name", RequirementRequired},
			{"svc.version", RequirementRecommended},
		}},
		{ID: "event.svc.started", Type: GroupEvent, Name: "svc.started", Stability: "development",
			Deprecated: &Deprecation{Reason: DeprecationRenamed, RenamedTo: "svc.launched"},
			Attributes: []GroupAttribute{{"svc.ratio", RequirementRecommended}}},
	}
	var gotGroups []Group
	for _, g := range r.Groups() {
		gotGroups = append(gotGroups, *g)
	}
	if d := cmp.Diff(wantGroups, gotGroups); d != "" {
		t.Errorf("groups (-want +got):\n%s", d)
	}
}

// TestLoadDirSubFolder: the [sub] notation also works on directories.
func TestLoadDirSubFolder(t *testing.T) {
	got, err := Load("testdata[basic]")
	if err != nil {
		t.Fatal(err)
	}
	assertSameRegistry(t, loadBasic(t), got)
}

func TestLoadMissingPath(t *testing.T) {
	if _, err := Load("testdata/does-not-exist"); err == nil {
		t.Error("Load of a missing directory succeeded")
	}
	if _, err := Load("testdata/basic/manifest.yaml"); err == nil {
		t.Error("Load of a plain file succeeded")
	}
	empty := t.TempDir()
	if _, err := Load(empty); err == nil || !strings.Contains(err.Error(), "no YAML files") {
		t.Errorf("Load(empty dir) err = %v, want no YAML files", err)
	}
	if _, err := LoadFS(os.DirFS(empty)); err == nil {
		t.Error("LoadFS(empty) succeeded")
	}
	if _, err := LoadAll(); err == nil {
		t.Error("LoadAll() with no source succeeded")
	}
}
