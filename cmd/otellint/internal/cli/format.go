package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// pathMapper turns absolute file names into the paths a format shows:
// relative to the working directory for people (text, diffs), relative to
// the repository root for machines (json, sarif, github, checkstyle,
// junit), so that every machine format names a file the same way.
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
		return writeText(w, fs, m, false)
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
	case "checkstyle":
		return writeCheckstyle(w, fs, m)
	case "junit":
		return writeJUnit(w, fs, m)
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
		return jsonPos{File: m.repo(file), Line: line, Column: col, Offset: off}
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
