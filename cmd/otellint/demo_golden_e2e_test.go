package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the demo's findings golden")

// The demo's findings on the real OpenTelemetry modules, every analyzer,
// pinned: a change that silences an analyzer on the real API (the stubs
// under testdata/src can drift from it), moves a position or rewords a
// message shows up here. Rerun with -update when the change is intended.
func TestDemoFindingsGolden(t *testing.T) {
	dir := demo(t)
	r := run(t, dir, binary, "check", "--no-cache", "--format", "json", "./...")
	if r.code != 1 {
		t.Fatalf("otellint check --format json: exit %d, want 1 (findings)\n%s", r.code, r.stderr)
	}
	golden := filepath.Join("testdata", "demo.findings.json.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), r.stdout); diff != "" {
		t.Errorf("the demo's findings differ from %s (-want +got); rerun with -update if intended:\n%s", golden, diff)
	}
}
