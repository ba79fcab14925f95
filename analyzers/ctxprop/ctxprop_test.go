package ctxprop_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/ctxprop"
	"github.com/otellint/otellint/analyzers/internal/testutil"
)

var testdata = testutil.TestData

// Every rule with its exemptions; fixes against .golden files; facts
// across packages (lib is imported by b and req).
func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), ctxprop.Analyzer, "ctxprop/a", "ctxprop/b", "ctxprop/extract", "ctxprop/req", "ctxprop/lib", "ctxprop/clients", "ctxprop/mid")
}

// Test files are skipped unless the tests option is on.
func TestTestFiles(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata(t), ctxprop.Analyzer, "ctxprop/tests")
	a := testutil.Fresh(t, ctxprop.Spec, map[string]string{"tests": "true"})
	analysistest.Run(t, testdata(t), a, "ctxprop/teststoo")
}
