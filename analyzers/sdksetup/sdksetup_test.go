package sdksetup_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/internal/testutil"
	"github.com/otellint/otellint/analyzers/sdksetup"
)

var testdata = testutil.TestData

// Program-wide findings in package main, from the facts of every package
// the program links; negative cases for each exemption.
func TestProgram(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata(t), sdksetup.Analyzer,
		"sdksetup/noprop", "sdksetup/grpcprop", "sdksetup/propinlib", "sdksetup/withprops",
		"sdksetup/nospans", "sdksetup/autoprop", "sdksetup/otelconf", "sdksetup/notp",
		"sdksetup/explicittp", "sdksetup/spread", "sdksetup/testmain", "sdksetup/helperprop", "sdksetup/restfulprop")
}

func TestShutdown(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, testdata(t), sdksetup.Analyzer,
		"sdksetup/shutdown", "sdksetup/shutdownctx", "sdksetup/nocontext",
		"go.opentelemetry.io/contrib/examples/unshut")
}

func TestResources(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata(t), sdksetup.Analyzer, "sdksetup/resources")
}
