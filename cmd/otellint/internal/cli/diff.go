package cli

import (
	"fmt"
	"io"
	"strings"
)

// unifiedDiff writes a unified diff of a file before and after a set of
// non-overlapping edits (sorted by offset). Because we know exactly which
// bytes changed, the hunks come straight from the edits; no general diff
// algorithm is needed.
func unifiedDiff(w io.Writer, name string, old []byte, edits []Edit) error {
	const context = 3
	oldLines := splitLines(string(old))
	lineOf := func(off int) int { // 0-based line index containing offset
		n := 0
		for i, l := range oldLines {
			if off < n+len(l) || i == len(oldLines)-1 {
				return i
			}
			n += len(l)
		}
		return 0
	}
	lineStart := make([]int, len(oldLines)+1)
	for i, l := range oldLines {
		lineStart[i+1] = lineStart[i] + len(l)
	}

	// A group is a run of whole old lines [first, last] replaced by new lines.
	type group struct {
		first, last int
		newLines    []string
	}
	var groups []group
	// trimUnchanged drops the lines an edit leaves as they were from the
	// ends of a group: an insertion at the end of a line rewrites that
	// line's text but not the line, and should read as a pure insertion.
	trimUnchanged := func(g group, oldLines []string) group {
		for g.first <= g.last && len(g.newLines) > 0 && g.newLines[0] == oldLines[g.first] {
			g.first++
			g.newLines = g.newLines[1:]
		}
		for g.first <= g.last && len(g.newLines) > 0 && g.newLines[len(g.newLines)-1] == oldLines[g.last] {
			g.last--
			g.newLines = g.newLines[:len(g.newLines)-1]
		}
		return g
	}
	for i := 0; i < len(edits); {
		first := lineOf(edits[i].Start.Offset)
		end := edits[i].End.Offset
		last := first
		if end > edits[i].Start.Offset {
			last = lineOf(end - 1)
		}
		j := i + 1
		for j < len(edits) && lineOf(edits[j].Start.Offset) <= last {
			if e := edits[j].End.Offset; e > edits[j].Start.Offset {
				last = max(last, lineOf(e-1))
			}
			j++
		}
		// Apply edits i..j-1 to the text of lines first..last.
		seg := string(old[lineStart[first]:lineStart[last+1]])
		base := lineStart[first]
		var b strings.Builder
		pos := 0
		for _, e := range edits[i:j] {
			b.WriteString(seg[pos : e.Start.Offset-base])
			b.WriteString(e.NewText)
			pos = e.End.Offset - base
		}
		b.WriteString(seg[pos:])
		g := trimUnchanged(group{first, last, splitLines(b.String())}, oldLines)
		if g.first <= g.last || len(g.newLines) > 0 {
			groups = append(groups, g)
		}
		i = j
	}
	if len(groups) == 0 {
		return nil
	}
	if _, err := fmt.Fprintf(w, "--- %s\n+++ %s\n", name, name); err != nil {
		return err
	}
	delta := 0 // new line index minus old line index so far
	for gi := 0; gi < len(groups); {
		gj := gi + 1
		for gj < len(groups) && groups[gj].first-groups[gj-1].last-1 <= 2*context {
			gj++
		}
		hs := max(0, groups[gi].first-context)
		he := min(len(oldLines)-1, groups[gj-1].last+context)
		var body strings.Builder
		oldCount, newCount := 0, 0
		cur := hs
		for _, g := range groups[gi:gj] {
			for ; cur < g.first; cur++ {
				body.WriteString(" " + ensureNL(oldLines[cur]))
				oldCount++
				newCount++
			}
			for k := g.first; k <= g.last; k++ {
				body.WriteString("-" + ensureNL(oldLines[k]))
				oldCount++
			}
			for _, l := range g.newLines {
				body.WriteString("+" + ensureNL(l))
				newCount++
			}
			cur = g.last + 1
		}
		for ; cur <= he; cur++ {
			body.WriteString(" " + ensureNL(oldLines[cur]))
			oldCount++
			newCount++
		}
		if _, err := fmt.Fprintf(w, "@@ -%d,%d +%d,%d @@\n%s", hs+1, oldCount, hs+1+delta, newCount, body.String()); err != nil {
			return err
		}
		for _, g := range groups[gi:gj] {
			delta += len(g.newLines) - (g.last - g.first + 1)
		}
		gi = gj
	}
	return nil
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func ensureNL(l string) string {
	if strings.HasSuffix(l, "\n") {
		return l
	}
	return l + "\n\\ No newline at end of file\n"
}
