package cli

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
)

// A baseline records the findings a team has accepted, so that only new
// ones are reported (--baseline FILE) while the old ones are worked off.
// Findings are matched by analyzer, repository-relative file and message,
// with line numbers in the message ignored, so edits that move code up or
// down do not bring recorded findings back. Each entry keeps a count: a
// third copy of a finding recorded twice is new.
type baseline struct {
	Version  int             `json:"version"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	Analyzer string `json:"analyzer"`
	File     string `json:"file"`
	Message  string `json:"message"`
	Count    int    `json:"count"`
}

const baselineVersion = 1

// lineRefs are the line numbers messages cite ("at line 54", "(line 31)",
// "lines 12 and 14"): they move with the code, the finding does not.
var lineRefs = regexp.MustCompile(`\b(lines?) [0-9]+`)

func baselineKey(analyzer, file, message string) baselineEntry {
	return baselineEntry{Analyzer: analyzer, File: file, Message: lineRefs.ReplaceAllString(message, "$1 N")}
}

func newBaseline(fs []Finding, m pathMapper) *baseline {
	counts := map[baselineEntry]int{}
	for _, f := range fs {
		counts[baselineKey(f.Analyzer, m.repo(f.Pos.Filename), f.Message)]++
	}
	b := &baseline{Version: baselineVersion, Findings: []baselineEntry{}}
	for k, n := range counts {
		k.Count = n
		b.Findings = append(b.Findings, k)
	}
	slices.SortFunc(b.Findings, func(x, y baselineEntry) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Analyzer, y.Analyzer), cmp.Compare(x.Message, y.Message))
	})
	return b
}

func writeBaseline(path string, fs []Finding, m pathMapper) error {
	rf, err := createReportFile(path, false)
	if err != nil {
		return err
	}
	return rf.commitWith(func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(newBaseline(fs, m))
	})
}

func readBaseline(path string) (*baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var b baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%s: not an otellint baseline: %v", path, err)
	}
	if b.Version != baselineVersion {
		return nil, fmt.Errorf("%s: baseline version %d, want %d (write it again with --write-baseline)", path, b.Version, baselineVersion)
	}
	return &b, nil
}

// filter drops the findings the baseline records, up to each entry's
// count, and returns the rest and how many were dropped.
func (b *baseline) filter(fs []Finding, m pathMapper) ([]Finding, int) {
	left := map[baselineEntry]int{}
	for _, e := range b.Findings {
		k := baselineKey(e.Analyzer, e.File, e.Message)
		left[k] += max(e.Count, 1)
	}
	var out []Finding
	for _, f := range fs {
		k := baselineKey(f.Analyzer, m.repo(f.Pos.Filename), f.Message)
		if left[k] > 0 {
			left[k]--
			continue
		}
		out = append(out, f)
	}
	return out, len(fs) - len(out)
}
