// Package directive parses //otellint:ignore and //otellint:file-ignore
// comments and, per analysis of a package, records which of them
// suppressed a finding, so that the same suppression works under every
// driver and `otellint check` can report the ones that suppressed nothing.
//
//	//otellint:ignore spanend,spanerror the caller ends this span
//	//otellint:file-ignore highcard generated code
package directive

import (
	"go/ast"
	"go/token"
	"reflect"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
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

// Usage is the directives of one package's files and, once the analyzers
// have run, which of them suppressed a finding of which analyzer. It is the
// result of Analyzer, so it lives and dies with one analysis of one package.
type Usage struct {
	files map[string][]*Directive // by file name as the FileSet knows it

	mu   sync.Mutex
	used map[key]bool
}

type key struct {
	d        *Directive
	analyzer string
}

// In returns the directives of the named file.
func (u *Usage) In(file string) []*Directive { return u.files[file] }

// All returns every directive of the package, by file and in source order.
func (u *Usage) All() []*Directive {
	names := make([]string, 0, len(u.files))
	for n := range u.files {
		names = append(names, n)
	}
	slices.Sort(names)
	var out []*Directive
	for _, n := range names {
		out = append(out, u.files[n]...)
	}
	return out
}

// MarkUsed records that d suppressed a finding of analyzer.
func (u *Usage) MarkUsed(d *Directive, analyzer string) {
	u.mu.Lock()
	u.used[key{d, analyzer}] = true
	u.mu.Unlock()
}

// Used reports whether d suppressed any finding of analyzer.
func (u *Usage) Used(d *Directive, analyzer string) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.used[key{d, analyzer}]
}

// Analyzer parses the directives of a package once for every otellint
// analyzer, which records on its result what it suppressed.
var Analyzer = &analysis.Analyzer{
	Name:       "otellintdirectives",
	Doc:        "parses the //otellint:ignore directives of the package; produces no diagnostics",
	ResultType: reflect.TypeFor[*Usage](),
	Run: func(pass *analysis.Pass) (any, error) {
		u := &Usage{files: map[string][]*Directive{}, used: map[key]bool{}}
		for _, f := range pass.Files {
			if tf := pass.Fset.File(f.Pos()); tf != nil {
				u.files[tf.Name()] = Parse(pass.Fset, f)
			}
		}
		return u, nil
	},
}
