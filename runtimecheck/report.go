package runtimecheck

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/otellint/otellint/runtimecheck/internal/otlpwire"
	"github.com/otellint/otellint/runtimecheck/sarif"
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
	// Trace assembly: Traces completed and checked as a whole, the
	// OpenTraces (and their OpenTraceSpans) still in their window,
	// EvictedTraces completed early, oldest first, to make room when
	// Config.MaxOpenTraces traces were open (not checked for orphans),
	// DroppedTraceSpans not assembled because Config.MaxTraceSpans or
	// MaxSpansPerTrace was reached, and the TruncatedTraces that lost
	// spans to those caps (not checked for orphans either).
	Traces            int64 `json:"traces"`
	OpenTraces        int64 `json:"open_traces"`
	OpenTraceSpans    int64 `json:"open_trace_spans"`
	EvictedTraces     int64 `json:"evicted_traces"`
	DroppedTraceSpans int64 `json:"dropped_trace_spans"`
	TruncatedTraces   int64 `json:"truncated_traces"`
	// DroppedScoreServices are services beyond the 4,096 scored, and
	// DroppedInstanceIDs service.instance.id values beyond the 16,384
	// tracked for duplicate_service_instance_id.
	DroppedScoreServices int64 `json:"dropped_score_services"`
	DroppedInstanceIDs   int64 `json:"dropped_instance_ids"`

	// What did not reach the checker, set by what feeds it (otellint live
	// and audit), zero otherwise. RefusedRequests were answered with a
	// retryable error (bytes in flight over the limit, or a full
	// forwarding queue with --forward-mode block): the clients kept them.
	// Forwarded, ForwardFailed and ForwardDropped split the accepted
	// requests when forwarding. SkippedRecords are JSON values or lines
	// and protobuf resources of audited files that could not be read, and
	// FailedInputs the files that could not be read to their end.
	RefusedRequests int64 `json:"refused_requests,omitempty"`
	Forwarded       int64 `json:"forwarded,omitempty"`
	ForwardFailed   int64 `json:"forward_failed,omitempty"`
	ForwardDropped  int64 `json:"forward_dropped,omitempty"`
	SkippedRecords  int64 `json:"skipped_records,omitempty"`
	FailedInputs    int64 `json:"failed_inputs,omitempty"`
}

// plural formats n and the noun for it, adding s unless n is 1.
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Shortfall says in one sentence what did not reach the checker or the
// forward endpoint, or "" when nothing was lost or refused.
func (s *Statistics) Shortfall() string {
	var parts []string
	if s.RefusedRequests > 0 {
		parts = append(parts, plural(s.RefusedRequests, "request")+" refused with a retryable error (the clients kept them)")
	}
	if s.ForwardFailed > 0 {
		parts = append(parts, plural(s.ForwardFailed, "request")+" could not be forwarded (forward_failed)")
	}
	if s.ForwardDropped > 0 {
		parts = append(parts, plural(s.ForwardDropped, "request")+" not forwarded, the queue was full (forward_dropped)")
	}
	if s.SkippedRecords > 0 {
		parts = append(parts, plural(s.SkippedRecords, "record")+" skipped as unreadable")
	}
	if s.FailedInputs > 0 {
		parts = append(parts, plural(s.FailedInputs, "input")+" not read to the end")
	}
	return strings.Join(parts, "; ")
}

// Report is a snapshot of a checker's findings and statistics.
type Report struct {
	Findings   []Finding  `json:"findings"`
	Statistics Statistics `json:"statistics"`
	// Score is the Instrumentation Score per service.
	Score *Score `json:"score,omitempty"`

	// Title heads the Markdown report; "Semantic conventions live check"
	// when empty.
	Title string `json:"-"`
	// Artifact is the SARIF location of results that carry no source
	// location: the audited file, or the report file itself.
	Artifact string `json:"-"`
	// ToolVersion is the otellint version named in SARIF.
	ToolVersion string `json:"-"`
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

// String formats the finding on one line, as WriteText does: level, id,
// signal, what it is about, count and message.
func (f Finding) String() string { return f.format(true) }

// Line formats the finding as String does but without its count, as
// otellint live prints a finding when it first appears; the fields come in
// the same order.
func (f Finding) Line() string { return f.format(false) }

func (f Finding) format(count bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-11s %-34s %s", f.Level, f.ID, f.Signal)
	for _, part := range []struct{ label, v string }{{"service", f.Service}, {"scope", f.Scope}, {"name", f.Name}, {"attribute", f.Attribute}} {
		if part.v != "" {
			fmt.Fprintf(&b, " %s=%q", part.label, part.v)
		}
	}
	if count {
		fmt.Fprintf(&b, " count=%d", f.Count)
	}
	b.WriteString(": ")
	b.WriteString(f.Message)
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
	fmt.Fprintf(bw, "%s (%s, %s, %d information) in %s, %s (%s), %s, %s; registry coverage %.1f%%\n",
		plural(int64(len(r.Findings)), "finding"), plural(s.FindingsByLevel[Violation], "violation"),
		plural(s.FindingsByLevel[Improvement], "improvement"), s.FindingsByLevel[Information],
		plural(s.Spans, "span"), plural(s.Metrics, "metric"), plural(s.DataPoints, "data point"),
		plural(s.Logs, "log"), plural(s.Resources, "resource"), 100*s.RegistryCoverage)
	if sf := s.Shortfall(); sf != "" {
		fmt.Fprintf(bw, "not checked or not forwarded: %s\n", sf)
	}
	if s.DroppedTraceSpans > 0 {
		fmt.Fprintf(bw, "trace table full: %s not assembled into traces, %s truncated\n",
			plural(s.DroppedTraceSpans, "span"), plural(s.TruncatedTraces, "trace"))
	}
	r.writeScoreText(bw)
	return bw.Flush()
}

// writeScoreText writes the score as an aligned table.
func (r *Report) writeScoreText(w io.Writer) {
	sc := r.Score
	if sc == nil || len(sc.Services) == 0 {
		return
	}
	fmt.Fprintf(w, "\nInstrumentation Score (%s; %d of %d rules evaluated, see the report for why not the others):\n",
		sc.Spec, len(sc.Evaluated), len(sc.Evaluated)+len(sc.NotEvaluated))
	width := len("service")
	for i := range sc.Services {
		width = max(width, len(sc.Services[i].Service))
	}
	fmt.Fprintf(w, "  %-*s  %6s  %-17s  %s\n", width, "service", "score", "category", "failed rules (impact, weight)")
	for i := range sc.Services {
		ss := &sc.Services[i]
		fmt.Fprintf(w, "  %-*s  %6.2f  %-17s  %s\n", width, ss.Service, ss.Score, ss.Category, failedList(ss.Failed))
	}
}

// failedList formats failed rules as "SPA-004 (Important, 30): title".
func failedList(fs []FailedRule) string {
	if len(fs) == 0 {
		return "none"
	}
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprintf("%s (%s, %d) %s", f.ID, f.Impact, f.Weight, strings.Join(f.Findings, "/"))
	}
	return strings.Join(parts, "; ")
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
	title := r.Title
	if title == "" {
		title = "Semantic conventions live check"
	}
	fmt.Fprintf(bw, "# %s\n\n", mdEscape(title))
	if s.RegistryVersion != "" {
		fmt.Fprintf(bw, "Registry version %s. ", mdEscape(s.RegistryVersion))
	}
	fmt.Fprintf(bw, "Checked %d spans, %d metrics (%d data points), %d logs and %d resources; %.1f%% of the registry's attributes were seen.\n\n",
		s.Spans, s.Metrics, s.DataPoints, s.Logs, s.Resources, 100*s.RegistryCoverage)
	fmt.Fprintf(bw, "| Level | Findings | Occurrences |\n|---|---:|---:|\n")
	for _, l := range []Level{Violation, Improvement, Information} {
		fmt.Fprintf(bw, "| %s | %d | %d |\n", l, s.FindingsByLevel[l], s.OccurrencesByLevel[l])
	}
	if sf := s.Shortfall(); sf != "" {
		fmt.Fprintf(bw, "Not checked or not forwarded: %s.\n\n", mdEscape(sf))
	}
	if d := s.DroppedFindings + s.DroppedNamePatterns + s.DroppedCardinalityKeys; d > 0 {
		fmt.Fprintf(bw, "\nMemory bounds were hit: %d finding occurrences, %d span-name patterns and %d metric attributes were not tracked.\n",
			s.DroppedFindings, s.DroppedNamePatterns, s.DroppedCardinalityKeys)
	}
	if s.DroppedTraceSpans > 0 {
		fmt.Fprintf(bw, "\nThe trace table was full: %d spans were not assembled into traces, and %d traces were truncated (not checked for orphans).\n",
			s.DroppedTraceSpans, s.TruncatedTraces)
	}
	r.writeScoreMarkdown(bw)
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

// writeScoreMarkdown writes the score section: a table per service and
// the rules not evaluated.
func (r *Report) writeScoreMarkdown(w io.Writer) {
	sc := r.Score
	if sc == nil || len(sc.Services) == 0 {
		return
	}
	fmt.Fprintf(w, "\n## Instrumentation Score\n\nComputed as [the specification](https://github.com/instrumentation-score/spec) (%s) defines it from the %d of its %d rules a run can evaluate.\n\n",
		mdEscape(sc.Spec), len(sc.Evaluated), len(sc.Evaluated)+len(sc.NotEvaluated))
	fmt.Fprintf(w, "| Service | Score | Category | Rules passed | Failed rules (impact, weight) |\n|---|---:|---|---:|---|\n")
	for i := range sc.Services {
		ss := &sc.Services[i]
		var failed []string
		for _, f := range ss.Failed {
			ids := make([]string, len(f.Findings))
			for j, id := range f.Findings {
				ids[j] = "`" + id + "`"
			}
			failed = append(failed, fmt.Sprintf("%s (%s, %d): %s", f.ID, f.Impact, f.Weight, strings.Join(ids, ", ")))
		}
		if len(failed) == 0 {
			failed = []string{"none"}
		}
		fmt.Fprintf(w, "| %s | %.2f | %s | %d of %d | %s |\n", mdEscape(ss.Service), ss.Score, ss.Category, ss.Passed, ss.Total, strings.Join(failed, "; "))
	}
	if len(sc.NotEvaluated) > 0 {
		fmt.Fprintf(w, "\nNot evaluated:\n\n")
		for _, nr := range sc.NotEvaluated {
			fmt.Fprintf(w, "- %s (%s): %s — %s\n", nr.ID, nr.Impact, mdEscape(nr.Title), mdEscape(nr.Reason))
		}
	}
}

func codeCell(s string) string {
	if s == "" {
		return ""
	}
	return "`" + strings.ReplaceAll(mdEscape(s), "|", `\|`) + "`"
}

// SARIF 2.1.0 output, through the package sarif the static checks use too.

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

// ruleHelpURI is where the finding ids are documented.
const ruleHelpURI = "https://github.com/otellint/otellint#check-live-telemetry-your-service-in-two-minutes"

// sarifRuleFor describes a finding id as a SARIF rule, with the full
// description and help that code-scanning tools show.
func sarifRuleFor(id string) sarif.Rule {
	desc := idDescriptions[id]
	if desc == "" {
		desc = "Finding " + id + " of a custom advisor."
	}
	level := LevelOf(id)
	return sarif.Rule{
		ID:           id,
		Summary:      desc,
		Description:  fmt.Sprintf("%s Level: %s. Found in the telemetry a service emits (otellint live or audit), checked against the OpenTelemetry semantic conventions.", desc, level),
		HelpText:     fmt.Sprintf("%s Each result names the service, instrumentation scope, span, metric or log and attribute; its properties hold the count and a redacted sample. Fix the instrumentation that emits it (see %s).", desc, ruleHelpURI),
		HelpMarkdown: fmt.Sprintf("**%s** (%s)\n\n%s\n\nSee [otellint live and audit](%s).", id, level, desc, ruleHelpURI),
		HelpURI:      ruleHelpURI,
		Level:        sarifLevel(level),
		Tags:         []string{"opentelemetry", "semantic-conventions", string(level)},
	}
}

// WriteSARIF writes the findings as a SARIF 2.1.0 log. Each result is
// placed in the source file and line the span says it was made at
// (code.file.path, code.line.number) when it does; otherwise at line 1 of
// Report.Artifact (the audited file, or the report itself), since
// telemetry has no source position. A logical location
// service/scope/name[#attribute] says what the finding is about, and is
// the result's fingerprint: telemetry has no source line to hash.
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
	run := sarif.NewRun(r.ToolVersion)
	index := map[string]int{}
	for _, id := range ruleIDs {
		index[id] = sarif.AddRule(run, sarifRuleFor(id))
	}
	artifact := r.Artifact
	if artifact == "" {
		artifact = "otellint.sarif"
	}
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
		uri, line := artifact, 1
		if file, ok := f.Context["code.file.path"].(string); ok && file != "" {
			uri = filepath.ToSlash(file)
			if l, ok := contextInt(f.Context["code.line.number"]); ok && l > 0 {
				line = int(l)
			}
		}
		uri = sarif.FileURI(uri)
		loc := &sarif.Location{
			PhysicalLocation: &sarif.PhysicalLocation{
				ArtifactLocation: &sarif.ArtifactLocation{URI: &uri},
				Region:           &sarif.Region{StartLine: &line},
			},
			LogicalLocations: []*sarif.LogicalLocation{{Name: &name, FullyQualifiedName: &fq, Kind: &kind}},
		}
		res := sarif.NewResult(f.ID, index[f.ID], sarifLevel(f.Level), f.Message).WithLocations([]*sarif.Location{loc})
		res.PartialFingerprints = map[string]any{"otellintFinding/v1": f.ID + "|" + f.Signal + "|" + fq}
		res.Properties = sarif.Properties{
			"signal": f.Signal, "service": f.Service, "scope": f.Scope, "name": f.Name, "attribute": f.Attribute,
			"count": f.Count, "first_seen": f.FirstSeen, "last_seen": f.LastSeen, "context": f.Context,
		}
		run.AddResult(res)
	}
	r.addScoreResults(run, artifact)
	return sarif.Write(w, run)
}

// scoreRuleID is the SARIF rule id of an Instrumentation Score rule.
func scoreRuleID(id string) string { return "instrumentation-score/" + id }

// addScoreResults adds a rule per evaluated Instrumentation Score rule and
// a result per service and rule it fails, in the SARIF level of the rule's
// impact (Critical and Important: error, Normal: warning, Low: note).
func (r *Report) addScoreResults(run *sarif.Run, artifact string) {
	sc := r.Score
	if sc == nil {
		return
	}
	level := map[string]string{ImpactCritical: "error", ImpactImportant: "error", ImpactNormal: "warning", ImpactLow: "note"}
	index := map[string]int{}
	for _, er := range sc.Evaluated {
		desc := fmt.Sprintf("Instrumentation Score rule %s (%s, weight %d): %s.", er.ID, er.Impact, er.Weight, er.Title)
		index[er.ID] = sarif.AddRule(run, sarif.Rule{
			ID:           scoreRuleID(er.ID),
			Summary:      desc,
			Description:  desc + " Checked on the telemetry a service emits (otellint live or audit), through the findings " + strings.Join(er.Findings, ", ") + ".",
			HelpText:     fmt.Sprintf("%s A service failing it loses %d points of weight in its score. Fix the findings named in the result (otellint explain ID says how).", desc, er.Weight),
			HelpMarkdown: fmt.Sprintf("**%s** (%s, weight %d)\n\n%s\n\nSee [the Instrumentation Score specification](https://github.com/instrumentation-score/spec/blob/main/rules/%s.md).", er.ID, er.Impact, er.Weight, er.Title, er.ID),
			HelpURI:      "https://github.com/instrumentation-score/spec/blob/main/rules/" + er.ID + ".md",
			Level:        level[er.Impact],
			Tags:         []string{"opentelemetry", "instrumentation-score", er.Impact},
		})
	}
	for i := range sc.Services {
		ss := &sc.Services[i]
		for _, f := range ss.Failed {
			msg := fmt.Sprintf("service %q fails Instrumentation Score rule %s (%s, weight %d): %s; %d occurrences of %s; its score is %.2f (%s)",
				ss.Service, f.ID, f.Impact, f.Weight, f.Title, f.Occurrences, strings.Join(f.Findings, ", "), ss.Score, ss.Category)
			uri, line := sarif.FileURI(artifact), 1
			name, fq, kind := ss.Service, ss.Service, "module"
			loc := &sarif.Location{
				PhysicalLocation: &sarif.PhysicalLocation{
					ArtifactLocation: &sarif.ArtifactLocation{URI: &uri},
					Region:           &sarif.Region{StartLine: &line},
				},
				LogicalLocations: []*sarif.LogicalLocation{{Name: &name, FullyQualifiedName: &fq, Kind: &kind}},
			}
			res := sarif.NewResult(scoreRuleID(f.ID), index[f.ID], level[f.Impact], msg).WithLocations([]*sarif.Location{loc})
			res.PartialFingerprints = map[string]any{"otellintScore/v1": f.ID + "|" + ss.Service}
			res.Properties = sarif.Properties{"service": ss.Service, "score": ss.Score, "category": ss.Category,
				"rule": f.ID, "impact": f.Impact, "weight": f.Weight, "occurrences": f.Occurrences, "findings": f.Findings}
			run.AddResult(res)
		}
	}
}

// contextInt reads a number from a finding context, as the checker stores
// it (int64) or as JSON decodes it (float64).
func contextInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int:
		return int64(n), true
	case float64:
		return int64(n), true
	}
	return 0, false
}
