package lint

import (
	"flag"

	"golang.org/x/tools/go/analysis"

	"github.com/otellint/otellint/analyzers/internal/config"
)

// ResolveOptionsForTest exposes resolveOptions to the external test package.
func ResolveOptionsForTest[O any](a *analysis.Analyzer, f *config.File, defaults O) O {
	o, err := resolveOptions(a, f, defaults)
	if err != nil {
		panic(err)
	}
	return o
}

// UnsetFlagsForTest forgets the analyzer's flags set on the command line,
// so a test that sets them leaves the next one (and -count=2) the defaults.
func UnsetFlagsForTest(a *analysis.Analyzer) {
	a.Flags.VisitAll(func(fl *flag.Flag) {
		if of, ok := fl.Value.(*optFlag); ok {
			of.val, of.set = of.def, false
		}
	})
}
