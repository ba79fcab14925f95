package semconvattr_test

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/semconvattr"
)

func testdata(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAnalyzer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), semconvattr.Analyzer, "semconvattr/a", "semconvattr/types", "semconvattr/dual", "semconvattr/semconvpkg", "semconvattr/mixed", "semconvattr/pool", "semconvattr/generic", "semconvattr/pdata", "semconvattr/translator", "semconvattr/literal", "semconvattr/wrappers", "semconvattr/wrapuser", "semconvattr/legacy", "semconvattr/dualfunc")
}

// A company registry layered over the embedded one, with a namespace the
// company owns entirely and a closed enum.
func TestCompanyRegistry(t *testing.T) {
	a := semconvattr.Analyzer
	dir := testdata(t)
	set := func(name, v string) {
		t.Helper()
		if err := a.Flags.Set(name, v); err != nil {
			t.Fatal(err)
		}
	}
	set("registries", filepath.Join(dir, "src", "semconvattr", "company", "registry"))
	set("owned-namespaces", "acme")
	set("closed-enums", "acme.tier")
	defer func() {
		set("registries", "")
		set("owned-namespaces", "")
		set("closed-enums", "")
	}()
	analysistest.Run(t, dir, a, "semconvattr/company")
}

// With the naming option, custom keys that break the naming rules are
// warnings, one per key and package, pointing at the other places.
func TestNamingOption(t *testing.T) {
	a := semconvattr.Analyzer
	if err := a.Flags.Set("naming", "true"); err != nil {
		t.Fatal(err)
	}
	defer a.Flags.Set("naming", "false") //nolint:errcheck // restoring the default
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
