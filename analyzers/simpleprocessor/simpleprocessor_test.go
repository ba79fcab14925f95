package simpleprocessor_test

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/internal/testutil"
	"github.com/otellint/otellint/analyzers/simpleprocessor"
)

func testdata(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), simpleprocessor.Analyzer, "simpleprocessor/a", "simpleprocessor/b",
		"simpleprocessor/realworld", "simpleprocessor/realworld/trace/tracetest",
		"go.opentelemetry.io/otel/sdk/trace")
}

// With an allow list that does not cover examples/, the helper's own use of
// WithSyncer is reported at its source (and calls between production
// functions are not reported again).
func TestAllowOption(t *testing.T) {
	a := simpleprocessor.Analyzer
	if err := a.Flags.Set("allow", "**/nothing/**"); err != nil {
		t.Fatal(err)
	}
	defer a.Flags.Set("allow", strings.Join(simpleprocessor.DefaultAllow, ",")) //nolint:errcheck // restoring the default
	if got := len(testutil.Diagnostics(t, a, "simpleprocessor/examples/helpers")); got != 1 {
		t.Errorf("with allow=**/nothing/**, got %d diagnostics in examples/helpers, want 1 (the WithSyncer call)", got)
	}
}
