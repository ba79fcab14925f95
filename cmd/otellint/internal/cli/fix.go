package cli

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// fileFix is the result of applying fixes to one file.
type fileFix struct {
	Name  string
	Old   []byte
	New   []byte
	Edits []Edit // sorted, non-overlapping
	Count int    // findings fixed in this file
}

// planFixes applies the first suggested fix of each finding, in memory.
// A fix whose edits overlap an edit already accepted (other than an
// identical one, which a package and its test variant both produce) is
// skipped whole, so a file is never left half-fixed. It returns the files
// and, per finding index, whether its fix was applied.
func planFixes(findings []Finding) ([]*fileFix, []bool, error) {
	applied := make([]bool, len(findings))
	accepted := map[string][]Edit{}
	count := map[string]int{}
	for i, f := range findings {
		if len(f.Fixes) == 0 {
			continue
		}
		edits := f.Fixes[0].Edits
		ok := true
		for _, e := range edits {
			for _, a := range accepted[e.Start.Filename] {
				if a == e {
					continue
				}
				if e.Start.Offset < a.End.Offset && a.Start.Offset < e.End.Offset ||
					e.Start.Offset == a.Start.Offset && e.End.Offset == a.End.Offset {
					ok = false
				}
			}
		}
		if !ok {
			continue
		}
		for _, e := range edits {
			if !slices.Contains(accepted[e.Start.Filename], e) {
				accepted[e.Start.Filename] = append(accepted[e.Start.Filename], e)
			}
		}
		applied[i] = true
		if len(edits) > 0 {
			count[edits[0].Start.Filename]++
		}
	}
	var out []*fileFix
	names := make([]string, 0, len(accepted))
	for n := range accepted {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		edits := accepted[name]
		slices.SortFunc(edits, func(a, b Edit) int {
			return cmp.Or(cmp.Compare(a.Start.Offset, b.Start.Offset), cmp.Compare(a.End.Offset, b.End.Offset))
		})
		old, err := os.ReadFile(name)
		if err != nil {
			return nil, nil, err
		}
		var buf bytes.Buffer
		pos := 0
		for _, e := range edits {
			if e.Start.Offset < pos || e.End.Offset > len(old) {
				return nil, nil, fmt.Errorf("%s: fix edits out of range; was the file changed during the run?", name)
			}
			buf.Write(old[pos:e.Start.Offset])
			buf.WriteString(e.NewText)
			pos = e.End.Offset
		}
		buf.Write(old[pos:])
		out = append(out, &fileFix{Name: name, Old: old, New: buf.Bytes(), Edits: edits, Count: count[name]})
	}
	return out, applied, nil
}

// writeFileAtomic replaces name with data without ever leaving a
// half-written file: it writes a temporary file beside it and renames it.
func writeFileAtomic(name string, data []byte) error {
	st, err := os.Stat(name)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".otellint-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(st.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
