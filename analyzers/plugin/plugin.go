// Package plugin is the golangci-lint v2 module plugin for otellint.
//
// In .custom-gcl.yml (path: a clone, until a release can be pinned with
// version: vX.Y.Z):
//
//	version: v2.15.0
//	plugins:
//	  - module: github.com/otellint/otellint
//	    import: github.com/otellint/otellint/analyzers/plugin
//	    path: /path/to/otellint
//
// In .golangci.yml (the settings block mirrors .otellint.yml):
//
//	linters:
//	  enable: [otellint]
//	  settings:
//	    custom:
//	      otellint:
//	        type: module
//	        settings:
//	          disable: [highcard]
//	          exclude: ["gen/**"]
//	          settings:
//	            simpleprocessor:
//	              allow: ["**/examples/**"]
package plugin

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"gopkg.in/yaml.v3"

	"github.com/otellint/otellint/analyzers"
	"github.com/otellint/otellint/analyzers/driver"
)

func init() {
	register.Plugin("otellint", New)
}

// Settings mirror the keys of .otellint.yml.
type Settings struct {
	Enable   []string                  `json:"enable,omitempty" yaml:"enable,omitempty"`
	Disable  []string                  `json:"disable,omitempty" yaml:"disable,omitempty"`
	Exclude  []string                  `json:"exclude,omitempty" yaml:"exclude,omitempty"`
	Settings map[string]map[string]any `json:"settings,omitempty" yaml:"settings,omitempty"`
}

type plugin struct {
	cfg *driver.ConfigFile
	set *analyzers.Set
}

// New decodes the settings strictly (unknown keys are errors) and validates
// them exactly as a .otellint.yml would be validated.
func New(raw any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](raw)
	if err != nil {
		return nil, fmt.Errorf("otellint: %w", err)
	}
	data, err := yaml.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("otellint: %w", err)
	}
	cfg, err := driver.ParseConfig("golangci-lint settings for otellint", data)
	if err != nil {
		return nil, err
	}
	if wd, err := os.Getwd(); err == nil {
		cfg.Dir = wd // exclude globs are relative to where golangci-lint runs
	}
	// Every package gets these settings; .otellint.yml files are not read,
	// so that golangci-lint's configuration is the one source of truth.
	return &plugin{cfg: cfg, set: analyzers.New(analyzers.Source{File: cfg})}, nil
}

// BuildAnalyzers returns the enabled analyzers, reporting as golangci-lint
// shows findings best (see foldRelated).
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	var out []*analysis.Analyzer
	for _, a := range p.set.Analyzers {
		if len(p.cfg.Enable) > 0 && !slices.Contains(p.cfg.Enable, a.Name) {
			continue
		}
		if slices.Contains(p.cfg.Disable, a.Name) {
			continue
		}
		out = append(out, foldRelated(a))
	}
	return out, nil
}

// foldRelated returns a copy of a whose diagnostics carry their related
// information in the message. golangci-lint makes each related location
// an issue of its own ("spanend(related information): the span leaks
// here"), which reads as one more finding and counts as one; folded, the
// finding reads "... (line 54: the span leaks here)". golangci-lint
// prefixes the message with the analyzer's name itself ("spanend: ..."),
// since all of otellint is one linter to it.
func foldRelated(a *analysis.Analyzer) *analysis.Analyzer {
	w := *a
	w.Run = func(pass *analysis.Pass) (any, error) {
		p := *pass
		p.Report = func(d analysis.Diagnostic) {
			pass.Report(foldDiagnostic(pass.Fset, d))
		}
		return a.Run(&p)
	}
	return &w
}

func foldDiagnostic(fset *token.FileSet, d analysis.Diagnostic) analysis.Diagnostic {
	if len(d.Related) == 0 {
		return d
	}
	at := fset.Position(d.Pos)
	var notes []string
	for _, r := range d.Related {
		rp := fset.Position(r.Pos)
		where := fmt.Sprintf("line %d", rp.Line)
		if rp.Filename != at.Filename {
			where = fmt.Sprintf("%s:%d", filepath.Base(rp.Filename), rp.Line)
		}
		notes = append(notes, where+": "+r.Message)
	}
	d.Message += " (" + strings.Join(notes, "; ") + ")"
	d.Related = nil
	return d
}

// GetLoadMode asks for type information: every analyzer resolves callees through types.
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
