package lint

import (
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
