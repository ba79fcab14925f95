// Package analyzers is the otellint suite: every analyzer, in the order
// `otellint rules` lists them. Each lives in its own package with its
// documentation in doc.go.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/otellint/otellint/analyzers/doubleinst"
	"github.com/otellint/otellint/analyzers/highcard"
	"github.com/otellint/otellint/analyzers/semconvattr"
	"github.com/otellint/otellint/analyzers/simpleprocessor"
	"github.com/otellint/otellint/analyzers/spanend"
	"github.com/otellint/otellint/analyzers/spanerror"
	"github.com/otellint/otellint/analyzers/spanname"
)

// All lists every otellint analyzer.
var All = []*analysis.Analyzer{
	simpleprocessor.Analyzer,
	spanend.Analyzer,
	spanerror.Analyzer,
	spanname.Analyzer,
	highcard.Analyzer,
	semconvattr.Analyzer,
	doubleinst.Analyzer,
}

// ByName returns the analyzer with the given name.
func ByName(name string) *analysis.Analyzer {
	for _, a := range All {
		if a.Name == name {
			return a
		}
	}
	return nil
}
