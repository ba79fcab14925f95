package weaverlog

import (
	"fmt"
	"sync"
	"time"

	"github.com/otellint/otellint/runtimecheck"
)

// levelRank orders levels, most severe highest.
var levelRank = map[runtimecheck.Level]int{
	runtimecheck.Information: 1,
	runtimecheck.Improvement: 2,
	runtimecheck.Violation:   3,
}

// ParseLevel parses a minimum level to emit: violation, improvement or
// information.
func ParseLevel(s string) (runtimecheck.Level, error) {
	l := runtimecheck.Level(s)
	if _, ok := levelRank[l]; !ok {
		return "", fmt.Errorf("unknown level %q (want violation, improvement or information)", s)
	}
	return l, nil
}

// findingKey is the aggregation key of a finding.
type findingKey struct {
	id, signal, service, scope, name, attribute string
}

func keyOf(f *runtimecheck.Finding) findingKey {
	return findingKey{f.ID, f.Signal, f.Service, f.Scope, f.Name, f.Attribute}
}

// Pacer decides which findings to emit and when: each finding at or above
// the minimum level once when it is first seen, then at each report tick
// again if it occurred since its previous entry, with its aggregated count.
// It is safe for concurrent use. Its memory is one counter per finding, so
// it is bounded by the checker's MaxFindings.
type Pacer struct {
	min int

	mu       sync.Mutex
	reported map[findingKey]int64 // the count in the finding's last entry
}

// NewPacer returns a pacer that emits findings at or above min (an empty
// min emits every level).
func NewPacer(min runtimecheck.Level) *Pacer {
	return &Pacer{min: levelRank[min], reported: make(map[findingKey]int64)}
}

func (p *Pacer) wanted(f *runtimecheck.Finding) bool {
	r, ok := levelRank[f.Level]
	if !ok {
		r = levelRank[runtimecheck.Information]
	}
	return r >= p.min
}

// FirstSeen returns the entry of a finding the checker has just created
// (call it from Checker.OnNewFinding), or false when the finding is below
// the minimum level or has been emitted already (a report tick may see a
// new finding before its callback runs).
func (p *Pacer) FirstSeen(f runtimecheck.Finding, now time.Time) (Entry, bool) {
	if !p.wanted(&f) {
		return Entry{}, false
	}
	k := keyOf(&f)
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, done := p.reported[k]; done {
		return Entry{}, false
	}
	p.reported[k] = f.Count
	return Entry{Finding: f, Report: ReportFirstSeen, Count: f.Count, New: f.Count, Observed: now}, true
}

// Due returns the entries due at a report tick: every finding of r at or
// above the minimum level that occurred since its previous entry (as an
// aggregate), and any never emitted yet (as a first sighting).
func (p *Pacer) Due(r *runtimecheck.Report, now time.Time) []Entry {
	var out []Entry
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range r.Findings {
		f := &r.Findings[i]
		if !p.wanted(f) {
			continue
		}
		k := keyOf(f)
		last, done := p.reported[k]
		switch {
		case !done:
			out = append(out, Entry{Finding: *f, Report: ReportFirstSeen, Count: f.Count, New: f.Count, Observed: now})
		case f.Count > last:
			out = append(out, Entry{Finding: *f, Report: ReportAggregate, Count: f.Count, New: f.Count - last, Observed: now})
		default:
			continue
		}
		p.reported[k] = f.Count
	}
	return out
}
