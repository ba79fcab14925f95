// Package analyzers is the otellint suite: every analyzer, in the order
// `otellint rules` lists them. Each lives in its own package with its
// documentation in doc.go.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/otellint/otellint/analyzers/ctxprop"
	"github.com/otellint/otellint/analyzers/doubleinst"
	"github.com/otellint/otellint/analyzers/highcard"
	"github.com/otellint/otellint/analyzers/internal/config"
	"github.com/otellint/otellint/analyzers/internal/lint"
	"github.com/otellint/otellint/analyzers/sdksetup"
	"github.com/otellint/otellint/analyzers/semconvattr"
	"github.com/otellint/otellint/analyzers/simpleprocessor"
	"github.com/otellint/otellint/analyzers/spanend"
	"github.com/otellint/otellint/analyzers/spanerror"
	"github.com/otellint/otellint/analyzers/spanname"
)

// All lists every otellint analyzer, each discovering .otellint.yml for
// the package it analyses: the suite go vet and go fix run.
var All = []*analysis.Analyzer{
	simpleprocessor.Analyzer,
	spanend.Analyzer,
	spanerror.Analyzer,
	ctxprop.Analyzer,
	spanname.Analyzer,
	highcard.Analyzer,
	semconvattr.Analyzer,
	doubleinst.Analyzer,
	sdksetup.Analyzer,
}

var specs = []lint.Builder{
	simpleprocessor.Spec,
	spanend.Spec,
	spanerror.Spec,
	ctxprop.Spec,
	spanname.Spec,
	highcard.Spec,
	semconvattr.Spec,
	doubleinst.Spec,
	sdksetup.Spec,
}

// ByName returns the analyzer of All with the given name.
func ByName(name string) *analysis.Analyzer { return byName(All, name) }

func byName(as []*analysis.Analyzer, name string) *analysis.Analyzer {
	for _, a := range as {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// Source says where a Set takes its configuration from: discovery of
// .otellint.yml (the zero value), one file for every package, or none.
type Source = config.Source

// A Set is the suite built anew for one configuration source. Its
// analyzers share nothing with those of another Set or with All: their
// flags, their configuration and what they record are their own.
type Set struct {
	Analyzers []*analysis.Analyzer
	suite     *lint.Suite
}

// New builds every analyzer for src.
func New(src Source) *Set {
	s := &Set{suite: lint.NewSuite(src)}
	for _, b := range specs {
		s.Analyzers = append(s.Analyzers, b.Build(s.suite))
	}
	return s
}

// ByName returns the analyzer of the set with the given name.
func (s *Set) ByName(name string) *analysis.Analyzer { return byName(s.Analyzers, name) }

// FindConfig returns the configuration the set's analyzers use for a
// package in dir.
func (s *Set) FindConfig(dir string) (*config.File, error) { return s.suite.Find(dir) }
