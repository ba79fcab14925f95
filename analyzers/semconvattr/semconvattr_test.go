package semconvattr_test

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/internal/testutil"
	"github.com/otellint/otellint/analyzers/semconvattr"
)

var testdata = testutil.TestData

func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), semconvattr.Analyzer, "semconvattr/a", "semconvattr/types", "semconvattr/dual", "semconvattr/semconvpkg", "semconvattr/mixed", "semconvattr/pool", "semconvattr/generic", "semconvattr/pdata", "semconvattr/translator", "semconvattr/literal", "semconvattr/wrappers", "semconvattr/wrapuser", "semconvattr/legacy", "semconvattr/dualfunc")
}

// A company registry layered over the embedded one, with a namespace the
// company owns entirely and a closed enum.
func TestCompanyRegistry(t *testing.T) {
	t.Parallel()
	dir := testdata(t)
	a := testutil.Fresh(t, semconvattr.Spec, map[string]string{
		"registries":       filepath.Join(dir, "src", "semconvattr", "company", "registry"),
		"owned-namespaces": "acme",
		"closed-enums":     "acme.tier",
	})
	analysistest.Run(t, dir, a, "semconvattr/company")
}

// With the naming option, custom keys that break the naming rules are
// warnings, one per key and package, pointing at the other places.
func TestNamingOption(t *testing.T) {
	t.Parallel()
	a := testutil.Fresh(t, semconvattr.Spec, map[string]string{"naming": "true"})
	results := analysistest.Run(t, testdata(t), a, "semconvattr/naming")
	related := map[string]int{}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if d.Category != "warning" {
				t.Errorf("%s: category %q, want warning", d.Message, d.Category)
			}
			related[d.Message[:strings.Index(d.Message, ";")]] = len(d.Related)
		}
	}
	if n := related[`custom attribute key "blockID" has upper-case letters`]; n != 2 {
		t.Errorf("blockID finding has %d related places, want 2 (the other writes)", n)
	}
}
