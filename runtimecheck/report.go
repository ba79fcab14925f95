package runtimecheck

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/otellint/otellint/runtimecheck/internal/otlpwire"
)

// ErrMalformed is returned (wrapped or as is) by the Consume methods for
// input that is not a valid protobuf encoding.
var ErrMalformed = otlpwire.ErrMalformed

// Statistics describes what a checker has seen.
type Statistics struct {
	Requests         int64 `json:"requests"`
	RejectedRequests int64 `json:"rejected_requests"`
	Resources        int64 `json:"resources"`
	Scopes           int64 `json:"scopes"`
	Spans            int64 `json:"spans"`
	SpanEvents       int64 `json:"span_events"`
	SpanLinks        int64 `json:"span_links"`
	Metrics          int64 `json:"metrics"`
	DataPoints       int64 `json:"data_points"`
	Logs             int64 `json:"logs"`
	Attributes       int64 `json:"attributes"`
	// Findings is the number of aggregated findings; FindingsByLevel splits
	// it by level and OccurrencesByLevel sums their counts.
	Findings           int             `json:"findings"`
	FindingsByLevel    map[Level]int64 `json:"findings_by_level"`
	OccurrencesByLevel map[Level]int64 `json:"occurrences_by_level"`
	// RegistryCoverage is the fraction of registry attributes seen at least
	// once.
	RegistryCoverage       float64 `json:"registry_coverage"`
	RegistryAttributesSeen int     `json:"registry_attributes_seen"`
	RegistryAttributes     int     `json:"registry_attributes"`
	RegistryVersion        string  `json:"registry_version"`
	// Dropped* count what was not tracked because a memory bound was hit:
	// occurrences of findings beyond Config.MaxFindings, span-name patterns
	// beyond Config.MaxNamePatterns and metric attributes beyond
	// Config.MaxCardinalitySketches.
	DroppedFindings        int64 `json:"dropped_findings"`
	DroppedNamePatterns    int64 `json:"dropped_name_patterns"`
	DroppedCardinalityKeys int64 `json:"dropped_cardinality_keys"`
}

// Report is a snapshot of a checker's findings and statistics.
type Report struct {
	Findings   []Finding  `json:"findings"`
	Statistics Statistics `json:"statistics"`
}

// MaxLevel returns the most severe level among the findings, or "" when
// there are none.
func (r *Report) MaxLevel() Level {
	var max Level
	for i := range r.Findings {
		if r.Findings[i].Level.rank() > max.rank() {
			max = r.Findings[i].Level
		}
	}
	return max
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	out := *r
	if out.Findings == nil {
		out.Findings = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&out)
}

// String formats the finding on one line, as WriteText does.
func (f Finding) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-11s %-34s %s", f.Level, f.ID, f.Signal)
	if f.Service != "" {
		fmt.Fprintf(&b, " service=%q", f.Service)
	}
	if f.Scope != "" {
		fmt.Fprintf(&b, " scope=%q", f.Scope)
	}
	if f.Name != "" {
		fmt.Fprintf(&b, " name=%q", f.Name)
	}
	if f.Attribute != "" {
		fmt.Fprintf(&b, " attribute=%q", f.Attribute)
	}
	fmt.Fprintf(&b, " count=%d: %s", f.Count, f.Message)
	return b.String()
}

// WriteText writes a plain-text report, one finding per line, then a
// summary line.
func (r *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for i := range r.Findings {
		fmt.Fprintln(bw, r.Findings[i].String())
	}
	s := &r.Statistics
	fmt.Fprintf(bw, "%d findings (%d violations, %d improvements, %d information) in %d spans, %d metrics (%d data points), %d logs, %d resources; registry coverage %.1f%%\n",
		len(r.Findings), s.FindingsByLevel[Violation], s.FindingsByLevel[Improvement], s.FindingsByLevel[Information],
		s.Spans, s.Metrics, s.DataPoints, s.Logs, s.Resources, 100*s.RegistryCoverage)
	return bw.Flush()
}

// mdEscape makes s safe inside a Markdown table cell.
func mdEscape(s string) string {
	r := strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ", "`", "'", "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}

// WriteMarkdown writes a Markdown report: a summary and a findings table.
func (r *Report) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	s := &r.Statistics
	fmt.Fprintf(bw, "# Semantic conventions live check\n\n")
	if s.RegistryVersion != "" {
		fmt.Fprintf(bw, "Registry version %s. ", mdEscape(s.RegistryVersion))
	}
	fmt.Fprintf(bw, "Checked %d spans, %d metrics (%d data points), %d logs and %d resources; %.1f%% of the registry's attributes were seen.\n\n",
		s.Spans, s.Metrics, s.DataPoints, s.Logs, s.Resources, 100*s.RegistryCoverage)
	fmt.Fprintf(bw, "| Level | Findings | Occurrences |\n|---|---:|---:|\n")
	for _, l := range []Level{Violation, Improvement, Information} {
		fmt.Fprintf(bw, "| %s | %d | %d |\n", l, s.FindingsByLevel[l], s.OccurrencesByLevel[l])
	}
	if d := s.DroppedFindings + s.DroppedNamePatterns + s.DroppedCardinalityKeys; d > 0 {
		fmt.Fprintf(bw, "\nMemory bounds were hit: %d finding occurrences, %d span-name patterns and %d metric attributes were not tracked.\n",
			s.DroppedFindings, s.DroppedNamePatterns, s.DroppedCardinalityKeys)
	}
	if len(r.Findings) == 0 {
		fmt.Fprintf(bw, "\nNo findings.\n")
		return bw.Flush()
	}
	fmt.Fprintf(bw, "\n## Findings\n\n| Level | Id | Signal | Service | Scope | Name | Attribute | Count | Message |\n|---|---|---|---|---|---|---|---:|---|\n")
	for i := range r.Findings {
		f := &r.Findings[i]
		fmt.Fprintf(bw, "| %s | `%s` | %s | %s | %s | %s | %s | %d | %s |\n",
			f.Level, f.ID, f.Signal, mdEscape(f.Service), mdEscape(f.Scope), mdEscape(f.Name),
			codeCell(f.Attribute), f.Count, mdEscape(f.Message))
	}
	return bw.Flush()
}

func codeCell(s string) string {
	if s == "" {
		return ""
	}
	return "`" + strings.ReplaceAll(mdEscape(s), "|", `\|`) + "`"
}

// SARIF 2.1.0 output.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string       `json:"id"`
	ShortDescription     sarifMessage `json:"shortDescription"`
	DefaultConfiguration sarifConfig  `json:"defaultConfiguration"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties"`
}

type sarifLocation struct {
	LogicalLocations []sarifLogical `json:"logicalLocations"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// sarifLevel maps finding levels to SARIF levels.
func sarifLevel(l Level) string {
	switch l {
	case Violation:
		return "error"
	case Improvement:
		return "warning"
	}
	return "note"
}

// WriteSARIF writes the findings as a SARIF 2.1.0 log. Telemetry has no
// source location, so each result carries a logical location
// service/scope/name[/attribute].
func (r *Report) WriteSARIF(w io.Writer) error {
	ids := map[string]bool{}
	for i := range r.Findings {
		ids[r.Findings[i].ID] = true
	}
	for id := range idLevels {
		ids[id] = true
	}
	ruleIDs := make([]string, 0, len(ids))
	for id := range ids {
		ruleIDs = append(ruleIDs, id)
	}
	sort.Strings(ruleIDs)
	index := map[string]int{}
	rules := make([]sarifRule, len(ruleIDs))
	for i, id := range ruleIDs {
		index[id] = i
		desc := idDescriptions[id]
		if desc == "" {
			desc = id
		}
		rules[i] = sarifRule{ID: id, ShortDescription: sarifMessage{desc}, DefaultConfiguration: sarifConfig{sarifLevel(LevelOf(id))}}
	}
	results := make([]sarifResult, 0, len(r.Findings))
	for i := range r.Findings {
		f := &r.Findings[i]
		parts := []string{f.Service, f.Scope, f.Name}
		fq := strings.Join(parts, "/")
		name, kind := f.Name, "function"
		if f.Attribute != "" {
			fq += "#" + f.Attribute
			name, kind = f.Attribute, "member"
		}
		if name == "" {
			name, kind = f.Service, "module"
		}
		props := map[string]any{
			"signal": f.Signal, "service": f.Service, "scope": f.Scope, "name": f.Name, "attribute": f.Attribute,
			"count": f.Count, "first_seen": f.FirstSeen, "last_seen": f.LastSeen, "context": f.Context,
		}
		results = append(results, sarifResult{
			RuleID: f.ID, RuleIndex: index[f.ID], Level: sarifLevel(f.Level),
			Message:             sarifMessage{f.Message},
			Locations:           []sarifLocation{{LogicalLocations: []sarifLogical{{Name: name, FullyQualifiedName: fq, Kind: kind}}}},
			PartialFingerprints: map[string]string{"otellintFinding/v1": f.ID + "|" + f.Signal + "|" + fq},
			Properties:          props,
		})
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool:    sarifTool{Driver: sarifDriver{Name: "otellint", InformationURI: "https://github.com/otellint/otellint", Rules: rules}},
			Results: results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&log)
}
