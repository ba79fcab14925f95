// Package driver is what otellint's own drivers (the CLI, the editor
// server and the golangci-lint plugin) need from the suite's internals:
// configuration files, directives and rule documentation. Analyzers
// themselves never import it.
package driver

import (
	"go/doc/comment"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"

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

// ruleNames are the analyzers' friendly names, which SARIF shows beside
// the rule id: PascalCase, and not the id in another case (validators
// compare them ignoring case).
var ruleNames = map[string]string{
	"simpleprocessor": "SynchronousExportProcessor",
	"spanend":         "SpanNotEnded",
	"spanerror":       "ErrorStatusUnset",
	"spanname":        "VagueOrUnboundedSpanName",
	"highcard":        "UnboundedOrPersonalAttribute",
	"semconvattr":     "SemanticConventionViolation",
	"doubleinst":      "DoubleInstrumentation",
	"sdksetup":        "SDKSetupLosesTelemetry",
}

// RuleName is the friendly name of the analyzer with the given name and
// doc: SpanNotEnded for spanend. An analyzer without one of its own is
// named after the first words of its summary.
func RuleName(name, doc string) string {
	if n, ok := ruleNames[name]; ok {
		return n
	}
	summary := Summary(doc)
	if i := strings.IndexAny(summary, ",;:("); i >= 0 {
		summary = summary[:i]
	}
	var b strings.Builder
	for i, w := range strings.FieldsFunc(summary, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if i == 5 {
			break
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	if n := b.String(); n != "" && !strings.EqualFold(n, name) {
		return n
	}
	return ""
}

// Markdown renders an analyzer doc without its summary line (its Why, Bad
// and Good sections, its options) as Markdown, for SARIF rule help.
// Examples become fenced Go code blocks.
func Markdown(doc string) string {
	var p comment.Parser
	d := p.Parse(lint.Body(doc))
	pr := comment.Printer{HeadingLevel: 2, HeadingID: func(*comment.Heading) string { return "" }}
	var b strings.Builder
	for _, block := range d.Content {
		if code, ok := block.(*comment.Code); ok {
			b.WriteString("```go\n" + code.Text + "```\n\n")
			continue
		}
		b.Write(pr.Markdown(&comment.Doc{Content: []comment.Block{block}, Links: d.Links}))
		b.WriteString("\n")
	}
	return strings.TrimSpace(b.String())
}

// Option is one option of an analyzer: its name in .otellint.yml (and
// -ANALYZER.NAME under go vet), help, kind and default.
type Option = lint.Option

// Options lists an otellint analyzer's options.
func Options(a *analysis.Analyzer) []Option { return lint.Options(a) }
