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
	analysistest.Run(t, testdata(t), highcard.Analyzer, "highcard/ids", "highcard/httputil", "highcard/a", "highcard/sc", "highcard/contrib")
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

// By default the same package reports only the conventional keys.
func TestSpanIDsOffByDefault(t *testing.T) {
	results := analysistest.Run(&testing.T{}, testdata(t), highcard.Analyzer, "highcard/spanids")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if strings.HasPrefix(d.Message, "span attribute") {
				t.Errorf("unexpected finding with defaults: %s", d.Message)
			}
		}
	}
}
