// Package directive parses //otellint:ignore and //otellint:file-ignore
// comments and remembers which of them suppressed a finding, so that the
// same suppression works under every driver and `otellint check` can report
// the ones that suppressed nothing.
//
//	//otellint:ignore spanend,spanerror the caller ends this span
//	//otellint:file-ignore highcard generated code
package directive

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"
	"sync"
)

const (
	ignorePrefix     = "//otellint:ignore"
	fileIgnorePrefix = "//otellint:file-ignore"
)

// A Directive is one suppression comment.
type Directive struct {
	Pos      token.Pos
	File     string // file name as the FileSet knows it
	Line     int
	Names    []string // analyzer names, or "all"
	Reason   string
	FileWide bool
}

// Matches reports whether the directive names analyzer (or "all").
func (d *Directive) Matches(analyzer string) bool {
	return slices.Contains(d.Names, analyzer) || slices.Contains(d.Names, "all")
}

// Suppresses reports whether d silences a finding of analyzer on line: a
// line directive covers its own line and the line below it.
func (d *Directive) Suppresses(analyzer string, line int) bool {
	if !d.Matches(analyzer) {
		return false
	}
	return d.FileWide || line == d.Line || line == d.Line+1
}

// Parse returns the directives in f, in source order.
func Parse(fset *token.FileSet, f *ast.File) []*Directive {
	var out []*Directive
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			d := parseComment(fset, c)
			if d != nil {
				out = append(out, d)
			}
		}
	}
	return out
}

func parseComment(fset *token.FileSet, c *ast.Comment) *Directive {
	text := c.Text
	var rest string
	fileWide := false
	switch {
	case strings.HasPrefix(text, fileIgnorePrefix):
		rest, fileWide = text[len(fileIgnorePrefix):], true
	case strings.HasPrefix(text, ignorePrefix):
		rest = text[len(ignorePrefix):]
	default:
		return nil
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return nil // e.g. //otellint:ignored, not ours
	}
	// A nested comment ends the directive: "//otellint:ignore x why // more".
	if i := strings.Index(rest, "//"); i >= 0 {
		rest = rest[:i]
	}
	fields := strings.Fields(rest)
	posn := fset.Position(c.Pos())
	d := &Directive{Pos: c.Pos(), File: posn.Filename, Line: posn.Line, FileWide: fileWide}
	if len(fields) > 0 {
		for _, n := range strings.Split(fields[0], ",") {
			if n = strings.TrimSpace(n); n != "" {
				d.Names = append(d.Names, n)
			}
		}
		d.Reason = strings.TrimSpace(strings.Join(fields[1:], " "))
	}
	return d
}

// used records suppressions, keyed by file, line and analyzer name, so that
// a driver running everything in one process can find unused directives.
var used sync.Map

type key struct {
	file     string
	line     int
	analyzer string
}

// MarkUsed records that the directive at file:line suppressed a finding of analyzer.
func MarkUsed(d *Directive, analyzer string) {
	used.Store(key{d.File, d.Line, analyzer}, true)
}

// Used reports whether the directive suppressed any finding of analyzer.
func Used(d *Directive, analyzer string) bool {
	_, ok := used.Load(key{d.File, d.Line, analyzer})
	return ok
}

// Reset forgets all recorded suppressions (between runs in one process).
func Reset() { used = sync.Map{} }
