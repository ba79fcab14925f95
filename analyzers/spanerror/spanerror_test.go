package spanerror_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/spanerror"
)

func testdata(t testing.TB) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), spanerror.Analyzer, "spanerror/a")
}

// Facts carry helpers across packages.
func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, testdata(t), spanerror.Analyzer, "spanerror/helpers", "spanerror/b")
}

func TestErrorReturns(t *testing.T) {
	a := spanerror.Analyzer
	if err := a.Flags.Set("error-returns", "true"); err != nil {
		t.Fatal(err)
	}
	defer a.Flags.Set("error-returns", "false") //nolint:errcheck // restoring the default
	analysistest.Run(t, testdata(t), a, "spanerror/returns")
}

// The false positives of the second precision round, each from real code.
func TestRound2(t *testing.T) {
	analysistest.Run(t, testdata(t), spanerror.Analyzer, "spanerror/round2")
}
