package spanend_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/internal/testutil"
	"github.com/otellint/otellint/analyzers/spanend"
)

var testdata = testutil.TestData

func TestAnalyzer(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, testdata(t), spanend.Analyzer, "spanend/a")
}

// Facts carry helpers across packages: the caller in spanend/b is checked
// against the helpers of spanend/helpers.
func TestCrossPackage(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata(t), spanend.Analyzer, "spanend/helpers", "spanend/b")
}

func TestOptions(t *testing.T) {
	t.Parallel()
	a := testutil.Fresh(t, spanend.Spec, map[string]string{
		"start-functions": "spanend/telemetry.StartSpan",
		"end-functions":   "spanend/telemetry.EndWithCause",
	})
	analysistest.Run(t, testdata(t), a, "spanend/opts")
}

// The false positives of the second precision round, each from real code.
func TestRound2(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata(t), spanend.Analyzer, "spanend/round2")
}

// Test files are skipped unless the tests option is on; their helpers'
// facts are exported either way.
func TestTestFiles(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata(t), spanend.Analyzer, "spanend/tests")
	a := testutil.Fresh(t, spanend.Spec, map[string]string{"tests": "true"})
	analysistest.Run(t, testdata(t), a, "spanend/teststoo")
}
