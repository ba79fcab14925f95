// Package driver is what otellint's own drivers (the CLI, the editor
// server and the golangci-lint plugin) need from the suite's internals:
// configuration files, directives and rule documentation. Analyzers
// themselves never import it.
package driver

import (
	"github.com/otellint/otellint/analyzers/internal/config"
	"github.com/otellint/otellint/analyzers/internal/directive"
	"github.com/otellint/otellint/analyzers/internal/lint"
)

// ConfigFile is a parsed .otellint.yml.
type ConfigFile = config.File

// Directive is a parsed //otellint:ignore or //otellint:file-ignore comment.
type Directive = directive.Directive

// DirectiveUsage is the directives of one analysed package and what each
// suppressed: the result of DirectiveAnalyzer.
type DirectiveUsage = directive.Usage

// DirectiveAnalyzer is required by every otellint analyzer; its result for
// a package, once they have run, says which directives suppressed what.
var DirectiveAnalyzer = directive.Analyzer

// ConfigFileNames are the names of configuration files, searched for in
// this order in each directory.
var ConfigFileNames = config.FileNames

// ReadConfig parses the configuration file at path.
func ReadConfig(path string) (*ConfigFile, error) { return config.ReadFile(path) }

// ParseConfig parses configuration data; name is used in error messages.
func ParseConfig(name string, data []byte) (*ConfigFile, error) { return config.Parse(name, data) }

// KnownAnalyzers returns the names of all registered analyzers.
func KnownAnalyzers() []string { return config.Known() }

// Summary is the one-line summary of an analyzer doc.
func Summary(doc string) string { return lint.Summary(doc) }

// Body is an analyzer doc without its summary line.
func Body(doc string) string { return lint.Body(doc) }
