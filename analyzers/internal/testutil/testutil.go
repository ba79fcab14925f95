// Package testutil helps analyzer tests that need the diagnostics
// themselves (counts under different options) rather than // want
// matching: it runs an analyzer over GOPATH-style packages under testdata
// with the x/tools checker, the way analysistest loads them.
package testutil

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/otellint/otellint/analyzers/internal/config"
	"github.com/otellint/otellint/analyzers/internal/lint"
)

// TestData returns the repository's shared testdata directory.
func TestData(t testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata")
}

// Diagnostics runs a over the packages matching patterns in testdata/src
// and returns the diagnostics of the root packages.
func Diagnostics(t testing.TB, a *analysis.Analyzer, patterns ...string) []analysis.Diagnostic {
	t.Helper()
	dir := TestData(t)
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  filepath.Join(dir, "src"),
		Env:  append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOPROXY=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("packages had errors")
	}
	g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []analysis.Diagnostic
	for _, act := range g.Roots {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		out = append(out, act.Diagnostics...)
	}
	return out
}

// Fresh builds a new analyzer from spec, with its own configuration
// discovery and the given options set as flags (name → value), so that a
// test can set options without touching the package-level Analyzer that
// other tests, running in parallel, use.
func Fresh(t testing.TB, spec lint.Builder, flags map[string]string) *analysis.Analyzer {
	t.Helper()
	a := spec.Build(lint.NewSuite(config.Source{}))
	for name, v := range flags {
		if err := a.Flags.Set(name, v); err != nil {
			t.Fatalf("-%s.%s=%s: %v", a.Name, name, v, err)
		}
	}
	return a
}
