package runtimecheck

import (
	"fmt"
	"time"
)

// Level is the severity of a finding (the same three levels as Weaver's
// live-check).
type Level string

// Levels, most severe first.
const (
	Violation   Level = "violation"
	Improvement Level = "improvement"
	Information Level = "information"
)

// rank orders levels: higher is more severe; unknown levels rank lowest.
func (l Level) rank() int {
	switch l {
	case Violation:
		return 3
	case Improvement:
		return 2
	case Information:
		return 1
	}
	return 0
}

// Signal names used in findings.
const (
	SignalTraces  = "traces"
	SignalMetrics = "metrics"
	SignalLogs    = "logs"
)

// Finding ids.
const (
	IDMissingAttribute               = "missing_attribute"
	IDDeprecated                     = "deprecated"
	IDTypeMismatch                   = "type_mismatch"
	IDUndefinedEnumVariant           = "undefined_enum_variant"
	IDNotStable                      = "not_stable"
	IDTemplateAttribute              = "template_attribute"
	IDRequiredAttributeMissing       = "required_attribute_not_present"
	IDRecommendedAttributeNotPresent = "recommended_attribute_not_present"
	IDUnitMismatch                   = "unit_mismatch"
	IDUnexpectedInstrument           = "unexpected_instrument"
	IDMissingMetric                  = "missing_metric"
	IDMissingServiceName             = "missing_service_name"
	IDVagueSpanName                  = "vague_span_name"
	IDHighCardinalitySpanName        = "high_cardinality_span_name"
	IDHighCardinalityAttribute       = "high_cardinality_attribute"
	IDDuplicateInstrumentation       = "duplicate_instrumentation"

	// Whole-trace checks and the Instrumentation Score's rules.
	IDOrphanSpan             = "orphan_span"
	IDBrokenPropagation      = "broken_propagation"
	IDClientRootSpan         = "client_root_span"
	IDInternalSpanFanout     = "internal_span_fanout"
	IDShortSpanFlood         = "short_span_flood"
	IDMissingServiceInstance = "missing_service_instance_id"
	IDDuplicateServiceInst   = "duplicate_service_instance_id"
	IDLogSeverityUnset       = "log_severity_unset"
	IDMetricUnitUnset        = "metric_unit_unset_or_default"
	IDMetricNameContainsUnit = "metric_name_contains_unit"
	IDMetricNameIsAttribute  = "metric_name_is_attribute_key"
)

// idLevels is the level of each built-in finding id.
var idLevels = map[string]Level{
	IDMissingAttribute:               Violation,
	IDDeprecated:                     Violation,
	IDTypeMismatch:                   Violation,
	IDUndefinedEnumVariant:           Information,
	IDNotStable:                      Improvement,
	IDTemplateAttribute:              Information,
	IDRequiredAttributeMissing:       Violation,
	IDRecommendedAttributeNotPresent: Improvement,
	IDUnitMismatch:                   Violation,
	IDUnexpectedInstrument:           Violation,
	IDMissingMetric:                  Violation,
	IDMissingServiceName:             Violation,
	IDVagueSpanName:                  Improvement,
	IDHighCardinalitySpanName:        Violation,
	IDHighCardinalityAttribute:       Violation,
	IDDuplicateInstrumentation:       Improvement,
	IDOrphanSpan:                     Improvement,
	IDBrokenPropagation:              Violation,
	IDClientRootSpan:                 Improvement,
	IDInternalSpanFanout:             Improvement,
	IDShortSpanFlood:                 Improvement,
	IDMissingServiceInstance:         Improvement,
	IDDuplicateServiceInst:           Violation,
	IDLogSeverityUnset:               Improvement,
	IDMetricUnitUnset:                Improvement,
	IDMetricNameContainsUnit:         Improvement,
	IDMetricNameIsAttribute:          Violation,
}

// idDescriptions are one-line rule descriptions (SARIF rules, Markdown).
var idDescriptions = map[string]string{
	IDMissingAttribute:               "Attribute is in a namespace owned by the semantic conventions but is not defined there.",
	IDDeprecated:                     "Attribute or metric is deprecated in the semantic conventions.",
	IDTypeMismatch:                   "Attribute value type differs from the type defined in the semantic conventions.",
	IDUndefinedEnumVariant:           "Attribute value is not one of the well-known enum members.",
	IDNotStable:                      "Attribute or metric is not stable yet.",
	IDTemplateAttribute:              "Attribute is an instance of a template attribute.",
	IDRequiredAttributeMissing:       "A required attribute of the matched semantic convention is not present.",
	IDRecommendedAttributeNotPresent: "A recommended attribute of the matched semantic convention is not present.",
	IDUnitMismatch:                   "Metric unit differs from the unit defined in the semantic conventions.",
	IDUnexpectedInstrument:           "Metric instrument differs from the instrument defined in the semantic conventions.",
	IDMissingMetric:                  "Metric is in a namespace owned by the semantic conventions but is not defined there.",
	IDMissingServiceName:             "Resource has no usable service.name.",
	IDVagueSpanName:                  "Span name is empty or too generic to be useful.",
	IDHighCardinalitySpanName:        "Span names embed ids or numbers, making them high-cardinality.",
	IDHighCardinalityAttribute:       "Metric attribute has too many distinct values.",
	IDDuplicateInstrumentation:       "The same operation is instrumented twice (nested spans of the same kind for the same request).",
	IDOrphanSpan:                     "Spans whose parent never arrived in their trace (Instrumentation Score SPA-002).",
	IDBrokenPropagation:              "A service calls another service of the run, whose SERVER or CONSUMER span starts a new trace: trace context is not propagated.",
	IDClientRootSpan:                 "A trace starts with a CLIENT span: the operation that made the call has no span (Instrumentation Score SPA-004).",
	IDInternalSpanFanout:             "A trace holds more INTERNAL spans of one service than the limit (Instrumentation Score SPA-001).",
	IDShortSpanFlood:                 "A trace holds more short spans than the limit (by default more than 20 under 5 ms; Instrumentation Score SPA-005).",
	IDMissingServiceInstance:         "Resource has no service.instance.id (Instrumentation Score RES-001).",
	IDDuplicateServiceInst:           "Different workloads share one service.instance.id (Instrumentation Score RES-002).",
	IDLogSeverityUnset:               "Log records have no severity number (Instrumentation Score LOG-002).",
	IDMetricUnitUnset:                "Metric has no unit, or one that is not UCUM (Instrumentation Score MET-002).",
	IDMetricNameContainsUnit:         "Metric name contains its unit (Instrumentation Score MET-005).",
	IDMetricNameIsAttribute:          "Metric name is a semantic-conventions attribute key (Instrumentation Score MET-006).",
}

// LevelOf returns the level of a finding id.
func LevelOf(id string) Level {
	if l, ok := idLevels[id]; ok {
		return l
	}
	return Information
}

// Finding is one aggregated finding: all occurrences with the same id,
// signal, service, scope, name and attribute key.
type Finding struct {
	ID      string `json:"id"`
	Level   Level  `json:"level"`
	Signal  string `json:"signal"`
	Service string `json:"service"`
	// ServiceNamespace and ServiceVersion complete the service identity
	// (service.namespace, service.version) of the first occurrence's
	// resource, for emitters that carry it (the OTLP log output); they do
	// not split the aggregate and are left out of the reports.
	ServiceNamespace string `json:"-"`
	ServiceVersion   string `json:"-"`
	Scope            string `json:"scope"`
	Name             string `json:"name"`
	Attribute        string `json:"attribute"`
	Count            int64  `json:"count"`
	// FirstSeen and LastSeen are the receive times of the first and last
	// occurrence.
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	Message   string    `json:"message"`
	// Context is a sample of the first occurrence. It never holds attribute
	// values unless Config.ShowValues is set.
	Context map[string]any `json:"context"`
}

// Detail carries the id-specific facts of one occurrence; they end up in
// the message and context of a new finding.
type Detail struct {
	Expected   string
	Actual     string
	Suggestion string
	// Value is the offending attribute value; it is only reported with
	// Config.ShowValues.
	Value []byte
	// HasValue reports whether Value is set (an empty value is a value).
	HasValue bool
	Number   int64
	// LowerBound says Number is at least the real count (a bound was hit).
	LowerBound bool
}

// message builds the human-readable message of a new finding.
func message(f *Finding, d *Detail, showValues bool) string {
	attr := f.Attribute
	switch f.ID {
	case IDMissingAttribute:
		if d.Suggestion != "" {
			return fmt.Sprintf("attribute %q is not defined in the semantic conventions although its namespace is; did you mean %q?", attr, d.Suggestion)
		}
		return fmt.Sprintf("attribute %q is not defined in the semantic conventions although its namespace is", attr)
	case IDDeprecated:
		if d.HasValue { // a deprecated enum member
			val := "a deprecated value"
			if showValues {
				val = fmt.Sprintf("the deprecated value %q", d.Value)
			}
			if d.Suggestion != "" {
				return fmt.Sprintf("attribute %q has %s; use %q instead", attr, val, d.Suggestion)
			}
			return fmt.Sprintf("attribute %q has %s", attr, val)
		}
		what := fmt.Sprintf("attribute %q", attr)
		if attr == "" {
			what = fmt.Sprintf("metric %q", f.Name)
		}
		if d.Suggestion != "" {
			return fmt.Sprintf("%s is deprecated; use %q instead", what, d.Suggestion)
		}
		if d.Expected != "" {
			return fmt.Sprintf("%s is deprecated: %s", what, d.Expected)
		}
		return what + " is deprecated"
	case IDTypeMismatch:
		return fmt.Sprintf("attribute %q has type %s, the semantic conventions define %s", attr, d.Actual, d.Expected)
	case IDUndefinedEnumVariant:
		if showValues && d.HasValue {
			return fmt.Sprintf("attribute %q has value %q, which is not a well-known value", attr, d.Value)
		}
		return fmt.Sprintf("attribute %q has a value that is not a well-known value (run with values shown to see it)", attr)
	case IDNotStable:
		what := fmt.Sprintf("attribute %q", attr)
		if attr == "" {
			what = fmt.Sprintf("metric %q", f.Name)
		}
		return fmt.Sprintf("%s is not stable (stability: %s)", what, d.Actual)
	case IDTemplateAttribute:
		return fmt.Sprintf("attribute %q is an instance of template attribute %q", attr, d.Expected)
	case IDRequiredAttributeMissing:
		return fmt.Sprintf("required attribute %q of %s is not present", attr, d.Expected)
	case IDRecommendedAttributeNotPresent:
		return fmt.Sprintf("recommended attribute %q of %s is not present", attr, d.Expected)
	case IDUnitMismatch:
		return fmt.Sprintf("metric %q has unit %q, the semantic conventions define %q", f.Name, d.Actual, d.Expected)
	case IDUnexpectedInstrument:
		return fmt.Sprintf("metric %q is recorded as %s, the semantic conventions define instrument %s", f.Name, d.Actual, d.Expected)
	case IDMissingMetric:
		if d.Suggestion != "" {
			return fmt.Sprintf("metric %q is not defined in the semantic conventions although its namespace is; did you mean %q?", f.Name, d.Suggestion)
		}
		return fmt.Sprintf("metric %q is not defined in the semantic conventions although its namespace is", f.Name)
	case IDMissingServiceName:
		return fmt.Sprintf("resource has %s; set service.name (e.g. via OTEL_SERVICE_NAME)", d.Actual)
	case IDVagueSpanName:
		if f.Name == "" {
			return "span name is empty"
		}
		return fmt.Sprintf("span name %q is too generic; name spans after the operation (e.g. \"GET /users/{id}\")", f.Name)
	case IDHighCardinalitySpanName:
		n := fmt.Sprint(d.Number)
		if d.LowerBound {
			n = "at least " + n
		}
		return fmt.Sprintf("%s distinct span names match the pattern %q; put ids into attributes and keep the span name low-cardinality", n, f.Name)
	case IDHighCardinalityAttribute:
		return fmt.Sprintf("attribute %q of metric %q has more than %s distinct values; high-cardinality attributes multiply the metric's time series", attr, f.Name, d.Expected)
	case IDDuplicateInstrumentation:
		if d.Number == 1 {
			return fmt.Sprintf("%s span %q has a direct child %s span for the same %s: the operation is probably instrumented twice", d.Actual, f.Name, d.Actual, d.Expected)
		}
		return fmt.Sprintf("%s span %q is the direct child of a %s span for the same %s: the operation is probably instrumented twice", d.Actual, f.Name, d.Actual, d.Expected)
	case IDOrphanSpan:
		return fmt.Sprintf("spans of this service and scope have a parent that never arrived in their trace within %s: the parent was not exported, was sampled away, or its context was invented", d.Expected)
	case IDBrokenPropagation:
		return fmt.Sprintf("CLIENT spans of %q call %q, whose SERVER spans at the same time start new traces: the trace context is not propagated (inject it in %q, extract it in %q)", f.Service, f.Name, f.Service, f.Name)
	case IDClientRootSpan:
		return fmt.Sprintf("CLIENT span %q is the root of its trace: the operation that made the call has no span, or its context was lost", f.Name)
	case IDInternalSpanFanout:
		return fmt.Sprintf("a trace holds %d INTERNAL spans of this service (more than %s); most repeated: %s; record a loop as one span with events or attributes", d.Number, d.Expected, d.Actual)
	case IDShortSpanFlood:
		return fmt.Sprintf("a trace holds %d spans shorter than 5 ms (more than %s); most from this service: %s; drop spans of trivial operations", d.Number, d.Expected, d.Actual)
	case IDMissingServiceInstance:
		return "resource has no service.instance.id; set it (e.g. OTEL_RESOURCE_ATTRIBUTES=service.instance.id=<pod or host and pid>) so instances can be told apart"
	case IDDuplicateServiceInst:
		return fmt.Sprintf("service.instance.id is shared by resources that are different workloads (they differ in %s); give each instance its own id", d.Expected)
	case IDLogSeverityUnset:
		return "log records have no severity number; map the level of the source (e.g. the Collector's filelog severity parser) to severity_number"
	case IDMetricUnitUnset:
		if d.Actual == "" {
			return fmt.Sprintf("metric %q has no unit; set a UCUM unit (e.g. \"s\", \"By\", \"{request}\")", f.Name)
		}
		return fmt.Sprintf("metric %q has unit %q, which is not UCUM; use a UCUM unit (e.g. \"s\", \"By\", \"{request}\")", f.Name, d.Actual)
	case IDMetricNameContainsUnit:
		return fmt.Sprintf("metric name %q contains the unit %q; the unit belongs in the metric's unit field only", f.Name, d.Actual)
	case IDMetricNameIsAttribute:
		return fmt.Sprintf("metric name %q is an attribute key of the semantic conventions; name the metric after what it measures", f.Name)
	}
	if d.Expected != "" || d.Actual != "" {
		return fmt.Sprintf("%s: expected %s, got %s", f.ID, d.Expected, d.Actual)
	}
	return f.ID
}
