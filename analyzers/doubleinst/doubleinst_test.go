package doubleinst_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/doubleinst"
)

func testdata(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// Every scenario: HTTP servers and routers, cross-package facts (app, handlers,
// platform), clients, databases, gRPC, cloud SDKs; fixes against .golden files.
func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), doubleinst.Analyzer, "doubleinst/httpserver", "doubleinst/routers", "doubleinst/app", "doubleinst/handlers", "doubleinst/platform", "doubleinst/client", "doubleinst/db", "doubleinst/grpcsrv", "doubleinst/cloud", "doubleinst/chirouter")
}

// In-house wrappers named in the options are in the table too.
func TestExtraWrappers(t *testing.T) {
	a := doubleinst.Analyzer
	for name, v := range map[string]string{
		"extra-server-wrappers": "doubleinst/extra/mw.Trace",
		"extra-client-wrappers": "doubleinst/extra/mw.TracedClient",
	} {
		if err := a.Flags.Set(name, v); err != nil {
			t.Fatal(err)
		}
		defer a.Flags.Set(name, "") //nolint:errcheck // restoring the default
	}
	analysistest.RunWithSuggestedFixes(t, testdata(t), a, "doubleinst/extra")
}
