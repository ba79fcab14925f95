package cli

import (
	"cmp"
	"go/token"
	"slices"

	"github.com/otellint/otellint/cmd/otellint/internal/engine"
)

// The findings of check, whichever engine produced them.
type (
	Finding = engine.Finding
	Fix     = engine.Fix
	Edit    = engine.Edit
	Related = engine.Related
)

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
