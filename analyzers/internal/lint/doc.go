package lint

import (
	"go/parser"
	"go/token"
	"strings"
)

// ExtractDoc returns the documentation of the named analyzer from the
// source of its doc.go: the package comment from the line
// "# Analyzer NAME" on. Keeping the doc in one place lets it feed
// Analyzer.Doc, `otellint explain`, the README table and SARIF rule help.
func ExtractDoc(src, name string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		panic("otellint: doc.go of " + name + " has no package comment")
	}
	text := f.Doc.Text()
	head := "# Analyzer " + name + "\n"
	i := strings.Index(text, head)
	if i < 0 {
		panic("otellint: doc.go of " + name + " lacks the heading " + strings.TrimSpace(head))
	}
	return strings.TrimSpace(text[i+len(head):])
}

// Summary returns the one-line summary of a doc: its first line without the
// "name: " prefix.
func Summary(doc string) string {
	first, _, _ := strings.Cut(doc, "\n")
	if _, after, ok := strings.Cut(first, ": "); ok {
		return strings.TrimSpace(after)
	}
	return strings.TrimSpace(first)
}

// Body returns the doc without its first line.
func Body(doc string) string {
	_, rest, _ := strings.Cut(doc, "\n")
	return strings.TrimSpace(rest)
}
