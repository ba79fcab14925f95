package doubleinst_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/doubleinst"
	"github.com/otellint/otellint/analyzers/internal/testutil"
)

var testdata = testutil.TestData

// Every scenario: HTTP servers and routers, cross-package facts (app, handlers,
// platform), clients, databases, gRPC, cloud SDKs; fixes against .golden files.
func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), doubleinst.Analyzer, "doubleinst/httpserver", "doubleinst/routers", "doubleinst/app", "doubleinst/handlers", "doubleinst/platform", "doubleinst/client", "doubleinst/db", "doubleinst/grpcsrv", "doubleinst/cloud", "doubleinst/chirouter")
}

// In-house wrappers named in the options are in the table too.
func TestExtraWrappers(t *testing.T) {
	t.Parallel()
	a := testutil.Fresh(t, doubleinst.Spec, map[string]string{
		"extra-server-wrappers": "doubleinst/extra/mw.Trace",
		"extra-client-wrappers": "doubleinst/extra/mw.TracedClient",
	})
	analysistest.RunWithSuggestedFixes(t, testdata(t), a, "doubleinst/extra")
}
