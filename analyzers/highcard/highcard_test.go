package highcard_test

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/highcard"
)

func testdata(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, testdata(t), highcard.Analyzer, "highcard/ids", "highcard/httputil", "highcard/a", "highcard/sc", "highcard/contrib", "highcard/conv", "highcard/metrics", "highcard/metricsuser")
}

// span-ids reports IDs on spans as warnings; unbounded-keys replaces the
// list of conventional keys.
func TestOptions(t *testing.T) {
	a := highcard.Analyzer
	for flag, value := range map[string]string{"span-ids": "true", "unbounded-keys": "tenant.id"} {
		if err := a.Flags.Set(flag, value); err != nil {
			t.Fatal(err)
		}
	}
	defer func() {
		a.Flags.Set("span-ids", "false")                                                //nolint:errcheck // restoring the default
		a.Flags.Set("unbounded-keys", strings.Join(highcard.DefaultUnboundedKeys, ",")) //nolint:errcheck // restoring the default
	}()
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
