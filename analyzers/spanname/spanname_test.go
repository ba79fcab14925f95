package spanname_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/internal/testutil"
	"github.com/otellint/otellint/analyzers/spanname"
	"github.com/otellint/otellint/semconv"
)

var testdata = testutil.TestData

func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), spanname.Analyzer, "spanname/a", "spanname/wrap", "spanname/pathutil", "spanname/b", "spanname/httpwrap", "spanname/placeholder", "spanname/noopspan", "spanname/idnames")
}

// With report-unknown, names built from values the analyzer cannot bound
// are reported as warnings.
func TestReportUnknown(t *testing.T) {
	t.Parallel()
	a := testutil.Fresh(t, spanname.Spec, map[string]string{"report-unknown": "true"})
	results := analysistest.Run(t, testdata(t), a, "spanname/unknown")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if d.Category != "warning" {
				t.Errorf("%s: category %q, want warning", d.Message, d.Category)
			}
		}
	}
}

// Without it, the same package has no findings. Its // want lines are for
// report-unknown, so the run goes to a throwaway T and the test checks the
// result itself: the analyzer must have run without error.
func TestUnknownSilentByDefault(t *testing.T) {
	results := analysistest.Run(&testing.T{}, testdata(t), spanname.Analyzer, "spanname/unknown")
	if len(results) == 0 {
		t.Fatal("the analyzer ran on no package")
	}
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("the analyzer failed: %v", r.Err)
		}
		for _, d := range r.Diagnostics {
			t.Errorf("unexpected finding with defaults: %s", d.Message)
		}
	}
}

// The vague-names option replaces the list.
func TestVagueNamesOption(t *testing.T) {
	t.Parallel()
	a := testutil.Fresh(t, spanname.Spec, map[string]string{"vague-names": "job.run"})
	results := analysistest.Run(&testing.T{}, testdata(t), a, "spanname/unknown")
	var got []string
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("the analyzer failed: %v", r.Err)
		}
		for _, d := range r.Diagnostics {
			got = append(got, d.Message)
		}
	}
	if len(got) != 1 || !strings.Contains(got[0], `span name "job.run" is too generic`) {
		t.Errorf("with vague-names=job.run got %q, want one finding for \"job.run\"", got)
	}
}

// The analyzer's default list is the one the runtime checker uses.
func TestVagueListShared(t *testing.T) {
	if fmt.Sprint(spanname.DefaultVagueNames) != fmt.Sprint(semconv.VagueSpanNames) {
		t.Errorf("DefaultVagueNames = %v, want semconv.VagueSpanNames", spanname.DefaultVagueNames)
	}
}
