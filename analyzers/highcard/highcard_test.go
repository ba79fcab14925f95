package highcard_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/highcard"
	"github.com/otellint/otellint/analyzers/internal/testutil"
)

var testdata = testutil.TestData

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, testdata(t), highcard.Analyzer, "highcard/ids", "highcard/httputil", "highcard/a", "highcard/sc", "highcard/contrib", "highcard/conv", "highcard/metrics", "highcard/metricsuser")
}

// span-ids reports IDs on spans as warnings; unbounded-keys replaces the
// list of conventional keys.
func TestOptions(t *testing.T) {
	t.Parallel()
	a := testutil.Fresh(t, highcard.Spec, map[string]string{"span-ids": "true", "unbounded-keys": "tenant.id"})
	results := analysistest.Run(t, testdata(t), a, "highcard/spanids")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			want := "error"
			if strings.HasPrefix(d.Message, "span attribute") {
				want = "warning"
			}
			if d.Category != want {
				t.Errorf("%s: category %q, want %q", d.Message, d.Category, want)
			}
		}
	}
}

// By default the same package reports only the conventional keys. Its
// // want lines are for the options, so the run goes to a throwaway T and
// the test checks the result itself: no error, and exactly the finding of
// the default unbounded-keys list.
func TestSpanIDsOffByDefault(t *testing.T) {
	results := analysistest.Run(&testing.T{}, testdata(t), highcard.Analyzer, "highcard/spanids")
	if len(results) == 0 {
		t.Fatal("the analyzer ran on no package")
	}
	var got []string
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("the analyzer failed: %v", r.Err)
		}
		for _, d := range r.Diagnostics {
			got = append(got, d.Message)
		}
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], `metric attribute "user.id" is unbounded by convention`) {
		t.Errorf("with defaults got %q, want only the user.id finding", got)
	}
}
