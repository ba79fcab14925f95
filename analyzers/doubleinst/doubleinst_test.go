package doubleinst_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/doubleinst"
)

func testdata(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestHTTPServer(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), doubleinst.Analyzer, "doubleinst/httpserver", "doubleinst/routers", "doubleinst/app", "doubleinst/handlers", "doubleinst/platform", "doubleinst/client", "doubleinst/db", "doubleinst/grpcsrv")
}
