package cli

import (
	"cmp"
	"go/token"
	"slices"
)

// A Finding is one diagnostic, resolved to file positions so that it can
// be sorted, de-duplicated (a package and its test variant report once) and
// printed in every format.
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

func comparePos(a, b token.Position) int {
	return cmp.Or(
		cmp.Compare(a.Filename, b.Filename),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
	)
}

// sortFindings sorts by file, line, column, analyzer and message and drops
// exact duplicates.
func sortFindings(fs []Finding) []Finding {
	slices.SortFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			comparePos(a.Pos, b.Pos),
			cmp.Compare(a.Analyzer, b.Analyzer),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return slices.CompactFunc(fs, func(a, b Finding) bool {
		return comparePos(a.Pos, b.Pos) == 0 && a.Analyzer == b.Analyzer && a.Message == b.Message
	})
}

// severity maps a diagnostic category to a severity. Analyzers that
// distinguish warnings set Category to "warning".
func severity(category string) string {
	if category == "warning" {
		return "warning"
	}
	return "error"
}
