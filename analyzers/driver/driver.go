// Package driver is what otellint's own drivers (the CLI and the
// golangci-lint plugin) need from the suite's internals: configuration
// mode, discovery, directive bookkeeping and rule documentation. Analyzers
// themselves never import it.
package driver

import (
	"go/ast"
	"go/token"

	"github.com/otellint/otellint/analyzers/internal/config"
	"github.com/otellint/otellint/analyzers/internal/directive"
	"github.com/otellint/otellint/analyzers/internal/lint"
)

// ConfigFile is a parsed .otellint.yml.
type ConfigFile = config.File

// Directive is a parsed //otellint:ignore or //otellint:file-ignore comment.
type Directive = directive.Directive

// ConfigFileNames are the names of configuration files, searched for in
// this order in each directory.
var ConfigFileNames = config.FileNames

// ReadConfig parses the configuration file at path.
func ReadConfig(path string) (*ConfigFile, error) { return config.ReadFile(path) }

// ParseConfig parses configuration data; name is used in error messages.
func ParseConfig(name string, data []byte) (*ConfigFile, error) { return config.Parse(name, data) }

// UseConfig makes f the configuration of every package (--config, plugin settings).
func UseConfig(f *ConfigFile) { config.SetOverride(f) }

// NoConfig makes every package use the defaults (--no-config).
func NoConfig() { config.DisableDiscovery() }

// Reset restores configuration discovery and forgets directive usage, for
// a new run in the same process.
func Reset() {
	config.ResetMode()
	directive.Reset()
}

// DiscoverConfig returns the configuration that applies to a package in dir.
func DiscoverConfig(dir string) (*ConfigFile, error) { return config.Discover(dir) }

// KnownAnalyzers returns the names of all registered analyzers.
func KnownAnalyzers() []string { return config.Known() }

// Directives returns the suppression directives in f.
func Directives(fset *token.FileSet, f *ast.File) []*Directive { return directive.Parse(fset, f) }

// DirectiveUsed reports whether d suppressed a finding of analyzer.
func DirectiveUsed(d *Directive, analyzer string) bool { return directive.Used(d, analyzer) }

// Summary is the one-line summary of an analyzer doc.
func Summary(doc string) string { return lint.Summary(doc) }

// Body is an analyzer doc without its summary line.
func Body(doc string) string { return lint.Body(doc) }
