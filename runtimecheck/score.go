package runtimecheck

import (
	"math"
	"sort"
	"time"
)

// The Instrumentation Score (github.com/instrumentation-score/spec): per
// service, the weighted share of rules passed, 100 × Σ(passed × weight) /
// Σ(rules × weight), with weights Critical 40, Important 30, Normal 20 and
// Low 10. A run evaluates the rules it can see (a rule's criterion is
// checked on everything the service sent during the run; a rule whose
// target the service sent none of passes, as its criterion holds); the
// others are listed as not evaluated, with why, so the score says it is
// partial.

// ScoreSpec names the specification revision the rules follow.
const ScoreSpec = "instrumentation-score/spec@e6ee222"

// Impact levels and their weights.
const (
	ImpactCritical  = "Critical"
	ImpactImportant = "Important"
	ImpactNormal    = "Normal"
	ImpactLow       = "Low"
)

var impactWeight = map[string]int{ImpactCritical: 40, ImpactImportant: 30, ImpactNormal: 20, ImpactLow: 10}

// scoreRule is one rule of the specification.
type scoreRule struct {
	id, impact, title string
	findings          []string // finding ids that fail it; nil when not evaluated
	why               string   // why it is not evaluated
	// bounded: the check counts the rule's failures itself, at the
	// specification's bound, because its findings' bound is the user's
	// (Config.HighCardinalityThreshold, InternalSpanFanout, ShortSpanFlood,
	// ShortSpanDuration) and the score must not move with it.
	bounded bool
}

// scoreRules are the specification's 20 rules, in its order.
var scoreRules = []scoreRule{
	{id: "LOG-001", impact: ImpactImportant, title: "debug logs not enabled in production for more than 14 days",
		why: "needs 14 days of logs; a run sees minutes"},
	{id: "LOG-002", impact: ImpactImportant, title: "log records have their severity number set", findings: []string{IDLogSeverityUnset}},
	{id: "MET-001", impact: ImpactImportant, title: "metric attributes have bound cardinality (under 10,000 values an hour)",
		findings: []string{IDHighCardinalityAttribute}, bounded: true},
	{id: "MET-002", impact: ImpactImportant, title: "metrics have a non-default UCUM unit", findings: []string{IDMetricUnitUnset}},
	{id: "MET-003", impact: ImpactImportant, title: "a metric name keeps one unit for 14 days",
		why: "needs 14 days of metrics; a run sees minutes"},
	{id: "MET-004", impact: ImpactNormal, title: "a histogram keeps its buckets for 14 days",
		why: "needs 14 days of metrics; a run sees minutes"},
	{id: "MET-005", impact: ImpactNormal, title: "metric names do not contain the unit", findings: []string{IDMetricNameContainsUnit}},
	{id: "MET-006", impact: ImpactImportant, title: "metric names are not semantic-conventions attribute keys", findings: []string{IDMetricNameIsAttribute}},
	{id: "RES-001", impact: ImpactNormal, title: "service.instance.id is present", findings: []string{IDMissingServiceInstance}},
	{id: "RES-002", impact: ImpactImportant, title: "service.instance.id is unique across workloads", findings: []string{IDDuplicateServiceInst}},
	{id: "RES-003", impact: ImpactImportant, title: "k8s.pod.uid is present on Kubernetes",
		why: "whether a service runs on Kubernetes is not visible in its telemetry without the attributes the rule asks for"},
	{id: "RES-004", impact: ImpactImportant, title: "semantic-conventions attributes are used at the right level",
		why: "the registry model does not say at which OTLP level each attribute belongs"},
	{id: "RES-005", impact: ImpactCritical, title: "service.name is present", findings: []string{IDMissingServiceName}},
	{id: "SDK-001", impact: ImpactLow, title: "language and runtime versions are supported by the SDK",
		why: "needs the support windows of every SDK, which change with each release"},
	{id: "SPA-001", impact: ImpactNormal, title: "at most 10 INTERNAL spans per service in a trace", findings: []string{IDInternalSpanFanout}, bounded: true},
	{id: "SPA-002", impact: ImpactNormal, title: "traces have no orphan spans", findings: []string{IDOrphanSpan}},
	{id: "SPA-003", impact: ImpactImportant, title: "span names have bound cardinality",
		why: "the specification gives no criterion yet (high_cardinality_span_name reports it outside the score)"},
	{id: "SPA-004", impact: ImpactImportant, title: "root spans are not CLIENT spans", findings: []string{IDClientRootSpan}},
	{id: "SPA-005", impact: ImpactImportant, title: "at most 20 spans under 5 ms in a trace", findings: []string{IDShortSpanFlood}, bounded: true},
}

// The bounds of the bounded rules, as the specification sets them.
const (
	met001Threshold = 10000                // distinct values of a metric attribute
	spa001Limit     = 10                   // INTERNAL spans of one service in a trace
	spa005Limit     = 20                   // short spans in a trace
	spa005Duration  = 5 * time.Millisecond // what a short span is under
)

// ruleOf maps finding ids to the index of the rule they fail.
var ruleOf = func() map[string]int {
	m := map[string]int{}
	for i, r := range scoreRules {
		for _, id := range r.findings {
			m[id] = i
		}
	}
	return m
}()

// Indexes of the bounded rules.
var met001, spa001, spa005 = ruleOf[IDHighCardinalityAttribute], ruleOf[IDInternalSpanFanout], ruleOf[IDShortSpanFlood]

// RuleForFinding returns the Instrumentation Score rule a finding id
// fails, or "" when it is not one of the score's.
func RuleForFinding(id string) string {
	if i, ok := ruleOf[id]; ok {
		return scoreRules[i].id
	}
	return ""
}

// serviceScore is what the checker keeps per service: the rules failed
// and how often.
type serviceScore struct {
	name   string
	failed [20]int64 // occurrences per rule index
}

// maxScoreServices bounds the services scored; further ones are counted
// in Statistics.DroppedScoreServices.
const maxScoreServices = 4096

// scoreFor returns the score state of service, creating it. Caller holds c.mu.
func (c *Checker) scoreFor(hash uint64, service []byte) *serviceScore {
	if s := c.scores[hash]; s != nil {
		return s
	}
	if len(c.scores) >= maxScoreServices {
		c.st.DroppedScoreServices++
		return nil
	}
	s := &serviceScore{name: clip(service)}
	c.scores[hash] = s
	return s
}

// noteRule counts an occurrence against the rule its id fails, unless
// that rule is bounded (counted where it is checked).
func (c *Checker) noteRule(o *occ) {
	i, ok := ruleOf[o.id]
	if !ok || scoreRules[i].bounded {
		return
	}
	c.failRule(o.service, i, o.count)
}

// failRule counts n failures of rule i against service. Caller holds c.mu.
func (c *Checker) failRule(service []byte, i int, n int64) {
	if s := c.scoreFor(c.ri.hashBytes(service), service); s != nil {
		s.failed[i] += n
	}
}

// Score is the Instrumentation Score of a run.
type Score struct {
	// Spec is the specification revision followed.
	Spec string `json:"spec"`
	// Complete is false when some rules are not evaluated: the score then
	// covers only the evaluated rules (the specification asks to say so).
	Complete     bool           `json:"complete"`
	Evaluated    []ScoreRule    `json:"evaluated_rules"`
	NotEvaluated []ScoreRule    `json:"not_evaluated_rules"`
	Services     []ServiceScore `json:"services"`
}

// ScoreRule describes a rule of the specification.
type ScoreRule struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Weight int    `json:"weight"`
	Title  string `json:"title"`
	// Findings are the finding ids that fail the rule (evaluated rules);
	// Reason says why a rule is not evaluated.
	Findings []string `json:"findings,omitempty"`
	Reason   string   `json:"reason,omitempty"`
}

// ServiceScore is the score of one service.
type ServiceScore struct {
	Service  string  `json:"service"`
	Score    float64 `json:"score"`
	Category string  `json:"category"`
	// Passed and Total are the evaluated rules passed and evaluated.
	Passed int          `json:"passed"`
	Total  int          `json:"total"`
	Failed []FailedRule `json:"failed_rules"`
}

// FailedRule is an evaluated rule a service failed.
type FailedRule struct {
	ID          string   `json:"id"`
	Impact      string   `json:"impact"`
	Weight      int      `json:"weight"`
	Title       string   `json:"title"`
	Findings    []string `json:"findings"`
	Occurrences int64    `json:"occurrences"`
}

// Category maps a score to the specification's qualitative category.
func Category(score float64) string {
	switch {
	case score >= 90:
		return "Excellent"
	case score >= 75:
		return "Good"
	case score >= 50:
		return "Needs Improvement"
	}
	return "Poor"
}

// MinScore returns the lowest service score and its service, ok false
// when no service was scored.
func (s *Score) MinScore() (score float64, service string, ok bool) {
	if s == nil {
		return 0, "", false
	}
	for i := range s.Services {
		if !ok || s.Services[i].Score < score {
			score, service, ok = s.Services[i].Score, s.Services[i].Service, true
		}
	}
	return score, service, ok
}

// score builds the report's score. Caller holds c.mu.
func (c *Checker) score() *Score {
	sc := &Score{Spec: ScoreSpec, Services: []ServiceScore{}}
	for _, r := range scoreRules {
		sr := ScoreRule{ID: r.id, Impact: r.impact, Weight: impactWeight[r.impact], Title: r.title, Findings: r.findings, Reason: r.why}
		if r.findings == nil {
			sc.NotEvaluated = append(sc.NotEvaluated, sr)
		} else {
			sc.Evaluated = append(sc.Evaluated, sr)
		}
	}
	sc.Complete = len(sc.NotEvaluated) == 0
	for _, s := range c.scores {
		ss := ServiceScore{Service: s.name, Failed: []FailedRule{}}
		var got, total int
		for i, r := range scoreRules {
			if r.findings == nil {
				continue
			}
			w := impactWeight[r.impact]
			total += w
			ss.Total++
			if n := s.failed[i]; n > 0 {
				ss.Failed = append(ss.Failed, FailedRule{ID: r.id, Impact: r.impact, Weight: w, Title: r.title, Findings: r.findings, Occurrences: n})
				continue
			}
			got += w
			ss.Passed++
		}
		ss.Score = math.Round(10000*float64(got)/float64(total)) / 100
		ss.Category = Category(ss.Score)
		sort.SliceStable(ss.Failed, func(i, j int) bool { return ss.Failed[i].Weight > ss.Failed[j].Weight })
		sc.Services = append(sc.Services, ss)
	}
	sort.Slice(sc.Services, func(i, j int) bool {
		a, b := &sc.Services[i], &sc.Services[j]
		if a.Score != b.Score {
			return a.Score < b.Score
		}
		return a.Service < b.Service
	})
	return sc
}
