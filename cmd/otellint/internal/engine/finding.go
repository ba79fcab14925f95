package engine

import (
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// A Finding is one diagnostic with its positions resolved, so that it can
// be cached, sorted and printed without the syntax it came from.
type Finding struct {
	Analyzer string
	Severity string // "error" or "warning" (from the diagnostic's Category)
	Pos      token.Position
	End      token.Position
	Message  string
	Fixes    []Fix
	Related  []Related
}

// A Fix is a suggested fix with its edits resolved to byte offsets.
type Fix struct {
	Message string
	Edits   []Edit
}

// An Edit replaces the bytes [Start.Offset, End.Offset) of a file.
type Edit struct {
	Start, End token.Position
	NewText    string
}

// Related is related information attached to a finding.
type Related struct {
	Pos     token.Position
	Message string
}

// Severity maps a diagnostic's Category to the severity otellint prints.
func Severity(category string) string {
	if category == "warning" {
		return "warning"
	}
	return "error"
}

// NewFinding resolves a diagnostic of analyzer against fset.
func NewFinding(fset *token.FileSet, analyzer string, d analysis.Diagnostic) Finding {
	end := d.End
	if !end.IsValid() {
		end = d.Pos
	}
	f := Finding{
		Analyzer: analyzer,
		Severity: Severity(d.Category),
		Pos:      fset.Position(d.Pos),
		End:      fset.Position(end),
		Message:  d.Message,
	}
	for _, sf := range d.SuggestedFixes {
		fix := Fix{Message: sf.Message}
		for _, e := range sf.TextEdits {
			ee := e.End
			if !ee.IsValid() {
				ee = e.Pos
			}
			fix.Edits = append(fix.Edits, Edit{Start: fset.Position(e.Pos), End: fset.Position(ee), NewText: string(e.NewText)})
		}
		f.Fixes = append(f.Fixes, fix)
	}
	for _, r := range d.Related {
		f.Related = append(f.Related, Related{Pos: fset.Position(r.Pos), Message: r.Message})
	}
	return f
}

// A DirectiveUse is a suppression directive of an analysed file and the
// analyzers whose findings it suppressed there.
type DirectiveUse struct {
	Pos      token.Position
	Names    []string
	Reason   string
	FileWide bool
	UsedBy   []string
}
