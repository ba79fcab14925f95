// Package sarif writes otellint's SARIF 2.1.0 logs, for the static checks
// (otellint check) and the telemetry checks (otellint live and audit)
// alike, on the types of github.com/owenrumney/go-sarif/v2. Both writers
// take their tool identity, rule descriptions, version and columns from
// here, so the two logs cannot drift apart. It imports nothing of
// otellint's, so every part of otellint may use it.
package sarif

import (
	"encoding/json"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"
)

// The types of a log, from go-sarif.
type (
	Log              = gosarif.Report
	Run              = gosarif.Run
	Result           = gosarif.Result
	Location         = gosarif.Location
	PhysicalLocation = gosarif.PhysicalLocation
	LogicalLocation  = gosarif.LogicalLocation
	ArtifactLocation = gosarif.ArtifactLocation
	Region           = gosarif.Region
	Message          = gosarif.Message
	Fix              = gosarif.Fix
	ArtifactChange   = gosarif.ArtifactChange
	Replacement      = gosarif.Replacement
	ArtifactContent  = gosarif.ArtifactContent
	Properties       = gosarif.Properties
)

const (
	// SchemaURI is the official SARIF 2.1.0 schema (errata 01), the one
	// vendored under testdata/sarif for the tests.
	SchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// InformationURI is otellint's home.
	InformationURI = "https://github.com/otellint/otellint"
	// ColumnKind is how columns are counted: in UTF-16 code units, what
	// GitHub code scanning and editors assume (see UTF16Column).
	ColumnKind = "utf16CodeUnits"
	// SrcRoot is the base id of repository-relative artifact URIs.
	SrcRoot = "%SRCROOT%"
)

// NewRun returns a run of the otellint driver at version (otellint's own
// version string: "v1.2.3", a pseudo-version, "devel-REV" or "devel"; see
// ToolVersion), with no rules and no results yet.
func NewRun(version string) *Run {
	driver := gosarif.NewDriver("otellint").WithInformationURI(InformationURI)
	if v := ToolVersion(version); v != "" {
		driver.Version = &v
		if semver.MatchString(v) {
			driver.SemanticVersion = &v
		}
	}
	run := gosarif.NewRun(*gosarif.NewTool(driver))
	run.ColumnKind = ColumnKind
	run.Results = []*Result{}
	return run
}

var semver = regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// ToolVersion turns otellint's version into what SARIF consumers compare:
// a version that starts with a number. "v1.2.3" and pseudo-versions lose
// their "v"; "devel-REV[-dirty]" (a build that knows only its VCS
// revision) becomes "0.0.0+REV[.dirty]"; "devel" says nothing, and gives
// "", so that no made-up version is named.
func ToolVersion(v string) string {
	switch {
	case strings.HasPrefix(v, "v") && len(v) > 1 && unicode.IsDigit(rune(v[1])):
		return v[1:]
	case strings.HasPrefix(v, "devel-"):
		return "0.0.0+" + strings.ReplaceAll(strings.TrimPrefix(v, "devel-"), "-", ".")
	case v == "" || v == "devel":
		return ""
	}
	return v
}

// Rule describes one rule of a run.
type Rule struct {
	ID           string
	Name         string // PascalCase, not ID in another case; PascalName(ID) when empty
	Summary      string // one line
	Description  string // plain text
	HelpText     string
	HelpMarkdown string
	HelpURI      string
	Level        string // error, warning or note
	Tags         []string
}

// AddRule appends a rule to the run's driver and returns its index.
func AddRule(run *Run, r Rule) int {
	name := r.Name
	if name == "" {
		name = PascalName(r.ID)
	}
	d := &gosarif.ReportingDescriptor{
		ID:                   r.ID,
		ShortDescription:     gosarif.NewMultiformatMessageString(r.Summary),
		FullDescription:      gosarif.NewMultiformatMessageString(r.Description),
		Help:                 gosarif.NewMultiformatMessageString(r.HelpText),
		DefaultConfiguration: gosarif.NewReportingConfiguration().WithLevel(r.Level),
	}
	if name != "" && !strings.EqualFold(name, r.ID) {
		d.Name = &name // a name that is the id again is left out, as SARIF asks
	}
	if r.HelpMarkdown != "" {
		d.Help.Markdown = &r.HelpMarkdown
	}
	if r.HelpURI != "" {
		d.HelpURI = &r.HelpURI
	}
	if len(r.Tags) > 0 {
		d.Properties = Properties{"tags": r.Tags}
	}
	run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, d)
	return len(run.Tool.Driver.Rules) - 1
}

// PascalName spells an id in PascalCase, as SARIF validators want a
// rule's friendly name: missing_attribute is MissingAttribute. A one-word
// id gives the id capitalised, which AddRule leaves out.
func PascalName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '_' || r == '-' || r == '.' || r == ' ' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// FileURI is the SARIF artifact URI of a file name: slash-separated as it
// is when relative, a file:// URI when absolute (a relative reference may
// not begin with a slash).
func FileURI(name string) string {
	name = filepath.ToSlash(name)
	switch {
	case strings.HasPrefix(name, "/"):
		return "file://" + name
	case filepath.IsAbs(filepath.FromSlash(name)): // C:/x on Windows
		return "file:///" + name
	}
	return name
}

// NewResult returns a result of the rule at index ruleIndex of the run.
func NewResult(ruleID string, ruleIndex int, level, message string) *Result {
	return gosarif.NewRuleResult(ruleID).WithRuleIndex(ruleIndex).WithLevel(level).WithMessage(gosarif.NewTextMessage(message))
}

// SourceLocation is a location in a repository-relative file (uri,
// slash-separated, under SrcRoot); region may be nil.
func SourceLocation(uri string, region *Region) *Location {
	return gosarif.NewLocationWithPhysicalLocation(gosarif.NewPhysicalLocation().
		WithArtifactLocation(gosarif.NewSimpleArtifactLocation(uri).WithUriBaseId(SrcRoot)).
		WithRegion(region))
}

// Write writes a log of the runs as indented JSON, with characters such as
// < and > as they are (messages quote Go code).
func Write(w io.Writer, runs ...*Run) error {
	log := &Log{Version: string(gosarif.Version210), Schema: SchemaURI, Runs: runs}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
}
