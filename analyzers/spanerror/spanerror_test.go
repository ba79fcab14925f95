package spanerror_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/internal/testutil"
	"github.com/otellint/otellint/analyzers/spanerror"
)

var testdata = testutil.TestData

func TestAnalyzer(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, testdata(t), spanerror.Analyzer, "spanerror/a")
}

// Facts carry helpers across packages.
func TestCrossPackage(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata(t), spanerror.Analyzer, "spanerror/helpers", "spanerror/b")
}

func TestErrorReturns(t *testing.T) {
	t.Parallel()
	a := testutil.Fresh(t, spanerror.Spec, map[string]string{"error-returns": "true"})
	analysistest.Run(t, testdata(t), a, "spanerror/returns")
}

// The false positives of the second precision round, each from real code.
func TestRound2(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata(t), spanerror.Analyzer, "spanerror/round2")
}
