package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/otellint/otellint/analyzers/driver"
	lintsuite "github.com/otellint/otellint/cmd/otellint/internal/suite"
)

var formats = []string{"text", "json", "sarif", "github"}

// pathMapper turns absolute file names into the paths a format shows:
// relative to the working directory for people, relative to the repository
// root for SARIF and GitHub annotations.
type pathMapper struct {
	cwd, root string
}

func newPathMapper(dir string) pathMapper {
	cwd, _ := os.Getwd()
	if dir != "" {
		if abs, err := filepath.Abs(dir); err == nil {
			cwd = abs
		}
	}
	return pathMapper{cwd: cwd, root: repoRoot(cwd)}
}

// repoRoot is the nearest directory at or above dir holding .git, else the
// nearest holding go.mod, else dir.
func repoRoot(dir string) string {
	for _, marker := range []string{".git", "go.mod"} {
		for d := dir; ; {
			if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
				return d
			}
			parent := filepath.Dir(d)
			if parent == d {
				break
			}
			d = parent
		}
	}
	return dir
}

func rel(base, name string) string {
	if r, err := filepath.Rel(base, name); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(name)
}

func (m pathMapper) display(name string) string { return rel(m.cwd, name) }
func (m pathMapper) repo(name string) string    { return rel(m.root, name) }

func writeFindings(w io.Writer, format string, fs []Finding, m pathMapper, suite []*analysis.Analyzer) error {
	switch format {
	case "text":
		for _, f := range fs {
			if _, err := fmt.Fprintf(w, "%s:%d:%d: %s (%s)\n", m.display(f.Pos.Filename), f.Pos.Line, f.Pos.Column, f.Message, f.Analyzer); err != nil {
				return err
			}
			for _, r := range f.Related {
				if _, err := fmt.Fprintf(w, "\t%s:%d:%d: %s\n", m.display(r.Pos.Filename), r.Pos.Line, r.Pos.Column, r.Message); err != nil {
					return err
				}
			}
		}
		return nil
	case "json":
		enc := json.NewEncoder(w)
		for _, f := range fs {
			if err := enc.Encode(jsonFinding(f, m)); err != nil {
				return err
			}
		}
		return nil
	case "github":
		for _, f := range fs {
			level := "error"
			if f.Severity == "warning" {
				level = "warning"
			}
			if _, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
				level, ghProp(m.repo(f.Pos.Filename)), f.Pos.Line, f.Pos.Column, f.End.Line, f.End.Column,
				ghProp("otellint "+f.Analyzer), ghData(f.Message)); err != nil {
				return err
			}
		}
		return nil
	case "sarif":
		return writeSARIF(w, fs, m, suite)
	}
	return fmt.Errorf("unknown format %q", format)
}

// GitHub workflow command escaping.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

type jsonPos struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Offset int    `json:"offset"`
}

type jsonEdit struct {
	Start   jsonPos `json:"start"`
	End     jsonPos `json:"end"`
	NewText string  `json:"new_text"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonRelated struct {
	Position jsonPos `json:"position"`
	Message  string  `json:"message"`
}

type jsonFindingT struct {
	Analyzer       string        `json:"analyzer"`
	Severity       string        `json:"severity"`
	Position       jsonPos       `json:"position"`
	End            jsonPos       `json:"end"`
	Message        string        `json:"message"`
	SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
	Related        []jsonRelated `json:"related,omitempty"`
}

func jsonFinding(f Finding, m pathMapper) jsonFindingT {
	conv := func(file string, line, col, off int) jsonPos {
		return jsonPos{File: m.display(file), Line: line, Column: col, Offset: off}
	}
	out := jsonFindingT{
		Analyzer: f.Analyzer,
		Severity: f.Severity,
		Position: conv(f.Pos.Filename, f.Pos.Line, f.Pos.Column, f.Pos.Offset),
		End:      conv(f.End.Filename, f.End.Line, f.End.Column, f.End.Offset),
		Message:  f.Message,
	}
	for _, fix := range f.Fixes {
		jf := jsonFix{Message: fix.Message, Edits: []jsonEdit{}}
		for _, e := range fix.Edits {
			jf.Edits = append(jf.Edits, jsonEdit{
				Start:   conv(e.Start.Filename, e.Start.Line, e.Start.Column, e.Start.Offset),
				End:     conv(e.End.Filename, e.End.Line, e.End.Column, e.End.Offset),
				NewText: e.NewText,
			})
		}
		out.SuggestedFixes = append(out.SuggestedFixes, jf)
	}
	for _, r := range f.Related {
		out.Related = append(out.Related, jsonRelated{conv(r.Pos.Filename, r.Pos.Line, r.Pos.Column, r.Pos.Offset), r.Message})
	}
	return out
}

// SARIF 2.1.0, as GitHub code scanning accepts it.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult               `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string        `json:"id"`
	Name                 string        `json:"name"`
	ShortDescription     sarifText     `json:"shortDescription"`
	FullDescription      sarifText     `json:"fullDescription"`
	HelpURI              string        `json:"helpUri"`
	Help                 sarifText     `json:"help"`
	DefaultConfiguration sarifRuleConf `json:"defaultConfiguration"`
}

type sarifRuleConf struct {
	Level string `json:"level"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           sarifRegion      `json:"region"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          *sarifText    `json:"message,omitempty"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent sarifText   `json:"insertedContent"`
}

type sarifChange struct {
	ArtifactLocation sarifArtifactLoc   `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifFix struct {
	Description     sarifText     `json:"description"`
	ArtifactChanges []sarifChange `json:"artifactChanges"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifText       `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	Fixes            []sarifFix      `json:"fixes,omitempty"`
}

// directiveRule is the pseudo-rule for unused //otellint:ignore directives.
const directiveRule = lintsuite.DirectiveRule

func writeSARIF(w io.Writer, fs []Finding, m pathMapper, suite []*analysis.Analyzer) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "otellint",
			Version:        version(),
			InformationURI: "https://github.com/otellint/otellint",
		}},
		OriginalURIBaseIDs: map[string]sarifArtifactLoc{"%SRCROOT%": {URI: "file://" + filepath.ToSlash(m.root) + "/"}},
		Results:            []sarifResult{},
	}
	index := map[string]int{}
	for _, a := range suite {
		index[a.Name] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID:                   a.Name,
			Name:                 a.Name,
			ShortDescription:     sarifText{Text: driver.Summary(a.Doc)},
			FullDescription:      sarifText{Text: driver.Body(a.Doc)},
			HelpURI:              a.URL,
			Help:                 sarifText{Text: a.Doc},
			DefaultConfiguration: sarifRuleConf{Level: "error"},
		})
	}
	index[directiveRule] = len(run.Tool.Driver.Rules)
	run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
		ID:                   directiveRule,
		Name:                 "directives",
		ShortDescription:     sarifText{Text: "unused //otellint:ignore directives"},
		FullDescription:      sarifText{Text: "An //otellint:ignore or //otellint:file-ignore directive that suppressed nothing hides nothing and may hide a future finding; remove it."},
		HelpURI:              "https://github.com/otellint/otellint#suppressing-findings",
		Help:                 sarifText{Text: "Remove the directive."},
		DefaultConfiguration: sarifRuleConf{Level: "warning"},
	})
	for _, f := range fs {
		ri, ok := index[f.Analyzer]
		if !ok {
			continue
		}
		level := "error"
		if f.Severity == "warning" {
			level = "warning"
		}
		r := sarifResult{
			RuleID:    f.Analyzer,
			RuleIndex: ri,
			Level:     level,
			Message:   sarifText{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifactLoc{URI: m.repo(f.Pos.Filename), URIBaseID: "%SRCROOT%"},
				Region:           sarifRegion{StartLine: f.Pos.Line, StartColumn: f.Pos.Column, EndLine: f.End.Line, EndColumn: f.End.Column},
			}}},
		}
		for _, rel := range f.Related {
			r.RelatedLocations = append(r.RelatedLocations, sarifLocation{
				PhysicalLocation: sarifPhysical{
					ArtifactLocation: sarifArtifactLoc{URI: m.repo(rel.Pos.Filename), URIBaseID: "%SRCROOT%"},
					Region:           sarifRegion{StartLine: rel.Pos.Line, StartColumn: rel.Pos.Column},
				},
				Message: &sarifText{Text: rel.Message},
			})
		}
		for _, fix := range f.Fixes {
			sf := sarifFix{Description: sarifText{Text: fix.Message}}
			byFile := map[string]int{}
			for _, e := range fix.Edits {
				uri := m.repo(e.Start.Filename)
				i, ok := byFile[uri]
				if !ok {
					i = len(sf.ArtifactChanges)
					byFile[uri] = i
					sf.ArtifactChanges = append(sf.ArtifactChanges, sarifChange{ArtifactLocation: sarifArtifactLoc{URI: uri, URIBaseID: "%SRCROOT%"}})
				}
				sf.ArtifactChanges[i].Replacements = append(sf.ArtifactChanges[i].Replacements, sarifReplacement{
					DeletedRegion:   sarifRegion{StartLine: e.Start.Line, StartColumn: e.Start.Column, EndLine: e.End.Line, EndColumn: e.End.Column},
					InsertedContent: sarifText{Text: e.NewText},
				})
			}
			r.Fixes = append(r.Fixes, sf)
		}
		run.Results = append(run.Results, r)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	})
}
