package simpleprocessor_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/internal/testutil"
	"github.com/otellint/otellint/analyzers/simpleprocessor"
)

var testdata = testutil.TestData

func TestAnalyzer(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, testdata(t), simpleprocessor.Analyzer, "simpleprocessor/a", "simpleprocessor/b",
		"simpleprocessor/realworld", "simpleprocessor/realworld/trace/tracetest",
		"go.opentelemetry.io/otel/sdk/trace")
}

// With an allow list that does not cover examples/, the helper's own use of
// WithSyncer is reported at its source (and calls between production
// functions are not reported again).
func TestAllowOption(t *testing.T) {
	t.Parallel()
	a := testutil.Fresh(t, simpleprocessor.Spec, map[string]string{"allow": "**/nothing/**"})
	if got := len(testutil.Diagnostics(t, a, "simpleprocessor/examples/helpers")); got != 1 {
		t.Errorf("with allow=**/nothing/**, got %d diagnostics in examples/helpers, want 1 (the WithSyncer call)", got)
	}
}
