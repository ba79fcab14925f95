package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/tools/go/analysis"

	"github.com/otellint/otellint/analyzers/driver"
	lintsuite "github.com/otellint/otellint/cmd/otellint/internal/suite"
	"github.com/otellint/otellint/runtimecheck/sarif"
)

// directiveRule is the pseudo-rule for unused //otellint:ignore directives.
const directiveRule = lintsuite.DirectiveRule

// writeSARIF writes the findings as SARIF 2.1.0 for GitHub code scanning:
// one rule per analyzer of the suite (its documentation as help, in text
// and Markdown), results at repository-relative locations with columns in
// UTF-16 code units and the line hash GitHub matches alerts by, and the
// suggested fixes.
func writeSARIF(w io.Writer, fs []Finding, m pathMapper, suite []*analysis.Analyzer) error {
	run := sarif.NewRun(version())
	root := "file://" + filepath.ToSlash(m.root) + "/"
	run.OriginalUriBaseIDs = map[string]*sarif.ArtifactLocation{sarif.SrcRoot: {URI: &root}}
	index := map[string]int{}
	for _, a := range suite {
		summary := driver.Summary(a.Doc)
		index[a.Name] = sarif.AddRule(run, sarif.Rule{
			ID:           a.Name,
			Name:         driver.RuleName(a.Name, a.Doc),
			Summary:      summary,
			Description:  driver.Body(a.Doc),
			HelpText:     a.Doc,
			HelpMarkdown: "**" + a.Name + "**: " + summary + "\n\n" + driver.Markdown(a.Doc) + "\n\n[Documentation](" + a.URL + ")",
			HelpURI:      a.URL,
			Level:        "error",
			Tags:         []string{"opentelemetry", "go"},
		})
	}
	index[directiveRule] = sarif.AddRule(run, sarif.Rule{
		ID:           directiveRule,
		Name:         "UnusedDirective",
		Summary:      "unused //otellint:ignore directives",
		Description:  "An //otellint:ignore or //otellint:file-ignore directive that suppressed nothing hides nothing and may hide a future finding; remove it.",
		HelpText:     "Remove the directive.",
		HelpMarkdown: "Remove the directive. See [Suppressing findings](https://github.com/otellint/otellint#suppressing-findings).",
		HelpURI:      "https://github.com/otellint/otellint#suppressing-findings",
		Level:        "warning",
	})
	src := sources{}
	for _, f := range fs {
		ri, ok := index[f.Analyzer]
		if !ok {
			continue
		}
		level := "error"
		if f.Severity == "warning" {
			level = "warning"
		}
		uri := m.repo(f.Pos.Filename)
		r := sarif.NewResult(f.Analyzer, ri, level, f.Message).
			WithLocations([]*sarif.Location{sarif.SourceLocation(uri, src.region(f.Pos.Filename, f.Pos.Line, f.Pos.Column, f.End.Line, f.End.Column))})
		if h := src.lineHash(f.Pos.Filename, f.Pos.Line); h != "" {
			r.PartialFingerprints = map[string]any{"primaryLocationLineHash": h}
		}
		for _, rel := range f.Related {
			loc := sarif.SourceLocation(m.repo(rel.Pos.Filename), src.region(rel.Pos.Filename, rel.Pos.Line, rel.Pos.Column, 0, 0))
			loc.Message = &sarif.Message{Text: &rel.Message}
			r.RelatedLocations = append(r.RelatedLocations, loc)
		}
		for _, fix := range f.Fixes {
			r.Fixes = append(r.Fixes, sarifFix(fix, m, src))
		}
		run.AddResult(r)
	}
	return sarif.Write(w, run)
}

func sarifFix(fix Fix, m pathMapper, src sources) *sarif.Fix {
	desc := fix.Message
	sf := &sarif.Fix{Description: &sarif.Message{Text: &desc}}
	byFile := map[string]*sarif.ArtifactChange{}
	for _, e := range fix.Edits {
		uri := m.repo(e.Start.Filename)
		c := byFile[uri]
		if c == nil {
			base := sarif.SrcRoot
			c = &sarif.ArtifactChange{ArtifactLocation: sarif.ArtifactLocation{URI: &uri, URIBaseId: &base}}
			byFile[uri] = c
			sf.ArtifactChanges = append(sf.ArtifactChanges, c)
		}
		text := e.NewText
		c.Replacements = append(c.Replacements, &sarif.Replacement{
			DeletedRegion:   *src.region(e.Start.Filename, e.Start.Line, e.Start.Column, e.End.Line, e.End.Column),
			InsertedContent: &sarif.ArtifactContent{Text: &text},
		})
	}
	return sf
}

// sources reads each file a log points into once: its lines, for columns
// in UTF-16 code units, and GitHub's line hashes. A file that cannot be
// read keeps byte columns and gets no fingerprint.
type sources map[string]*source

type source struct {
	lines  [][]byte
	hashes []string
}

func (s sources) get(name string) *source {
	if src, ok := s[name]; ok {
		return src
	}
	var src *source
	if data, err := os.ReadFile(name); err == nil {
		src = &source{lines: bytes.SplitAfter(data, []byte("\n")), hashes: sarif.LineHashes(data)}
	}
	s[name] = src
	return src
}

func (s sources) lineHash(name string, line int) string {
	if src := s.get(name); src != nil && line >= 1 && line <= len(src.hashes) {
		return src.hashes[line-1]
	}
	return ""
}

// column converts a byte column on line to UTF-16 code units.
func (s sources) column(name string, line, col int) int {
	if src := s.get(name); src != nil && line >= 1 && line <= len(src.lines) {
		return sarif.UTF16Column(bytes.TrimRight(src.lines[line-1], "\r\n"), col)
	}
	return col
}

// region is the region from line:col to endLine:endCol (none when
// endLine is 0), in UTF-16 columns.
func (s sources) region(name string, line, col, endLine, endCol int) *sarif.Region {
	r := &sarif.Region{StartLine: &line}
	if col > 0 {
		c := s.column(name, line, col)
		r.StartColumn = &c
	}
	if endLine > 0 {
		r.EndLine = &endLine
		if endCol > 0 {
			c := s.column(name, endLine, endCol)
			r.EndColumn = &c
		}
	}
	return r
}
