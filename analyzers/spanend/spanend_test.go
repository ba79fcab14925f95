package spanend_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/spanend"
)

func testdata(t testing.TB) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), spanend.Analyzer, "spanend/a")
}

// Facts carry helpers across packages: the caller in spanend/b is checked
// against the helpers of spanend/helpers.
func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, testdata(t), spanend.Analyzer, "spanend/helpers", "spanend/b")
}

func TestOptions(t *testing.T) {
	a := spanend.Analyzer
	for name, v := range map[string]string{
		"start-functions": "spanend/telemetry.StartSpan",
		"end-functions":   "spanend/telemetry.EndWithCause",
	} {
		if err := a.Flags.Set(name, v); err != nil {
			t.Fatal(err)
		}
		defer a.Flags.Set(name, "") //nolint:errcheck // restoring the default
	}
	analysistest.Run(t, testdata(t), a, "spanend/opts")
}

// The false positives of the second precision round, each from real code.
func TestRound2(t *testing.T) {
	analysistest.Run(t, testdata(t), spanend.Analyzer, "spanend/round2")
}

// Test files are skipped unless the tests option is on; their helpers'
// facts are exported either way.
func TestTestFiles(t *testing.T) {
	analysistest.Run(t, testdata(t), spanend.Analyzer, "spanend/tests")
	a := spanend.Analyzer
	if err := a.Flags.Set("tests", "true"); err != nil {
		t.Fatal(err)
	}
	defer a.Flags.Set("tests", "false") //nolint:errcheck // restoring the default
	analysistest.Run(t, testdata(t), a, "spanend/teststoo")
}
