package runtimecheck

import (
	"strconv"

	"github.com/otellint/otellint/runtimecheck/internal/otlpwire"
	"github.com/otellint/otellint/semconv"
)

// Value is a decoded OTLP AnyValue. Its byte slices alias the request and
// must not be retained after an advisor returns.
type Value = otlpwire.Value

// EntityKind says what a [Sample] is.
type EntityKind string

// Entity kinds.
const (
	EntityResource  EntityKind = "resource"
	EntityScope     EntityKind = "scope"
	EntitySpan      EntityKind = "span"
	EntitySpanEvent EntityKind = "span_event"
	EntitySpanLink  EntityKind = "span_link"
	EntityMetric    EntityKind = "metric"
	EntityDataPoint EntityKind = "data_point"
	EntityLog       EntityKind = "log"
)

// Sample is one telemetry item under check: a resource, scope, span, span
// event or link, metric, data point or log record. Byte slices alias the
// request and must not be retained.
type Sample struct {
	Signal string
	Kind   EntityKind
	// Service is the resource's service.name, Scope the instrumentation
	// scope name.
	Service, Scope []byte
	// Name is the span (templated: ids replaced by {id}), event, metric or
	// log event name.
	Name []byte
	// RawName is the name as received.
	RawName []byte
	// SpanKind is the OTLP span kind (0 unspecified, 1 internal, 2 server,
	// 3 client, 4 producer, 5 consumer) for spans.
	SpanKind int32
	// TraceID and SpanID identify spans and log records when set.
	TraceID, SpanID []byte
	// Instrument is the metric's instrument as derived from its data
	// ("counter", "updowncounter", "gauge", "histogram", "summary") and Unit
	// its unit, for metrics and data points.
	Instrument string
	Unit       []byte
	// Group is the semantic-conventions group the sample was matched to:
	// the span group for spans, the metric group for metrics and data
	// points; nil when none matched.
	Group *semconv.Group

	gi   *groupInfo
	x    *requestState
	hash uint64 // aggregation hash of (signal, service, scope, name); 0 = not computed
	// SeverityNumber is the log record's severity number (0: unset).
	SeverityNumber int32

	// serviceName says what a resource's service.name is.
	serviceName serviceNameState
	// noInstance is set on resources without a service.instance.id.
	noInstance bool
	// rawHash is the hash of RawName on spans (0: not computed).
	rawHash uint64
	// missing are the positions in gi.attrs of the group's required and
	// recommended attributes a span lacks, when missingKnown.
	missing      []int32
	missingKnown bool
	// owned is set on metrics whose name is in a registry namespace.
	owned bool
}

// Has reports whether the sample carries the registry attribute key.
func (s *Sample) Has(key string) bool {
	idx, ok := s.x.c.ri.keyIdx[key]
	return ok && s.x.present(idx)
}

// Attr is one attribute occurrence with its registry lookup already done.
type Attr struct {
	Key   []byte
	Value Value
	// Attribute is the registry definition (nil when the key is unknown);
	// Template reports a match through a template attribute.
	Attribute *semconv.Attribute
	Template  bool
	// Owned reports whether the key is inside a namespace the registry owns.
	Owned bool
	info  *keyInfo
}

// Suggestion returns the registry's did-you-mean for an unknown owned key.
func (a *Attr) Suggestion() string { return a.info.suggestion }

// Replacement returns the key that replaces a renamed deprecated attribute.
func (a *Attr) Replacement() string { return a.info.current }

// Reporter collects findings from advisors.
type Reporter struct{ x *requestState }

// Report records one occurrence of finding id on the current sample.
// attribute is the attribute key the finding is about (nil if none).
func (r *Reporter) Report(s *Sample, id string, attribute []byte, d Detail) {
	r.x.report(s, id, attribute, d)
}

// Advisor checks one kind of problem. The caller looks every attribute up
// in the registry once and hands the result to each advisor; Sample is
// called once per sample after all its attributes.
type Advisor interface {
	Attribute(s *Sample, a *Attr, r *Reporter)
	Sample(s *Sample, r *Reporter)
}

// attributeAdvisor checks attribute keys and values against the registry:
// missing_attribute, deprecated, type_mismatch, undefined_enum_variant,
// not_stable and template_attribute.
type attributeAdvisor struct{ showValues bool }

func (attributeAdvisor) Sample(*Sample, *Reporter) {}

func (aa attributeAdvisor) Attribute(s *Sample, a *Attr, r *Reporter) {
	ki := a.info
	if ki.plain && a.Value.Kind == ki.wantKind {
		return // the common case: a stable attribute used as defined
	}
	def := a.Attribute
	if def == nil {
		if a.Owned {
			r.x.reportKey(s, IDMissingAttribute, a.Key, ki, Detail{Suggestion: ki.suggestion})
		}
		return
	}
	if a.Template {
		r.x.reportKey(s, IDTemplateAttribute, a.Key, ki, Detail{Expected: def.Key})
	}
	if def.Deprecated != nil {
		r.x.reportKey(s, IDDeprecated, a.Key, ki, Detail{Suggestion: ki.current, Expected: def.Deprecated.Reason})
	} else if def.Stability != "stable" && def.Stability != "" {
		r.x.reportKey(s, IDNotStable, a.Key, ki, Detail{Actual: def.Stability})
	}
	if a.Value.Kind != ki.wantKind && def.Type != "any" && def.Type != "" {
		got := valueType(a.Value, def.Type)
		if !semconv.TypeCompatible(def.Type, got) {
			r.x.reportKey(s, IDTypeMismatch, a.Key, ki, Detail{Expected: string(def.Type), Actual: string(got)})
			return
		}
	}
	if ki.enum != nil {
		var v []byte
		switch a.Value.Kind {
		case otlpwire.KindString:
			v = a.Value.Str
		case otlpwire.KindInt:
			v = strconv.AppendInt(r.x.numBuf[:0], a.Value.Int(), 10)
		default:
			return
		}
		m := ki.lastEnum
		ok := m != nil && m.Value == string(v)
		if !ok {
			if m, ok = ki.enum[string(v)]; ok {
				ki.lastEnum = m // keyInfo is per request state: no sharing
			}
		}
		switch {
		case !ok:
			r.x.reportKey(s, IDUndefinedEnumVariant, a.Key, ki, Detail{Value: v, HasValue: true})
		case m.Deprecated != nil:
			r.x.reportKey(s, IDDeprecated, a.Key, ki, Detail{Value: v, HasValue: true, Expected: m.Deprecated.Reason, Suggestion: m.Deprecated.RenamedTo})
		}
	}
}

// valueType returns the semconv type of a value. want steers the
// (otherwise undeterminable) type of an empty array.
func valueType(v Value, want semconv.Type) semconv.Type {
	switch v.Kind {
	case otlpwire.KindString, otlpwire.KindStrIndex:
		return "string"
	case otlpwire.KindBool:
		return "boolean"
	case otlpwire.KindInt:
		return "int"
	case otlpwire.KindDouble:
		return "double"
	case otlpwire.KindArray:
		k, ok := v.ArrayKind()
		if !ok {
			return "any"
		}
		switch k {
		case otlpwire.KindEmpty:
			if len(want) > 2 && want[len(want)-2:] == "[]" {
				return want
			}
			return "any"
		case otlpwire.KindString:
			return "string[]"
		case otlpwire.KindBool:
			return "boolean[]"
		case otlpwire.KindInt:
			return "int[]"
		case otlpwire.KindDouble:
			return "double[]"
		}
		return "any"
	case otlpwire.KindBytes:
		return "bytes"
	case otlpwire.KindKVList:
		return "map"
	}
	return "empty"
}

// requirementAdvisor reports required and recommended attributes of the
// matched span or metric group that the span or data point lacks.
type requirementAdvisor struct{}

func (requirementAdvisor) Attribute(*Sample, *Attr, *Reporter) {}

func (requirementAdvisor) Sample(s *Sample, r *Reporter) {
	if s.gi == nil || (s.Kind != EntitySpan && s.Kind != EntityDataPoint && s.Kind != EntityLog && s.Kind != EntitySpanEvent) {
		return
	}
	if s.missingKnown { // spans: what is missing is cached with the group
		for _, i := range s.missing {
			ga := &s.gi.attrs[i]
			id := IDRecommendedAttributeNotPresent
			if ga.requirement == semconv.RequirementRequired {
				id = IDRequiredAttributeMissing
			}
			r.x.reportString(s, id, ga.key, ga.hash, Detail{Expected: s.gi.g.ID})
		}
		return
	}
	for i := range s.gi.attrs {
		ga := &s.gi.attrs[i]
		var id string
		switch ga.requirement {
		case semconv.RequirementRequired:
			id = IDRequiredAttributeMissing
		case semconv.RequirementRecommended:
			id = IDRecommendedAttributeNotPresent
		default:
			continue
		}
		if ga.idx >= 0 && s.x.present(ga.idx) {
			continue
		}
		r.x.reportString(s, id, ga.key, ga.hash, Detail{Expected: s.gi.g.ID})
	}
}

// resourceAdvisor reports missing_service_name and
// missing_service_instance_id.
type resourceAdvisor struct{}

func (resourceAdvisor) Attribute(*Sample, *Attr, *Reporter) {}

func (resourceAdvisor) Sample(s *Sample, r *Reporter) {
	if s.Kind != EntityResource {
		return
	}
	if s.noInstance {
		r.Report(s, IDMissingServiceInstance, []byte("service.instance.id"), Detail{})
	}
	if s.serviceName == serviceNameOK {
		return
	}
	what := serviceNameProblems[s.serviceName]
	r.Report(s, IDMissingServiceName, []byte("service.name"), Detail{Actual: what})
}

// spanNameAdvisor reports vague_span_name.
type spanNameAdvisor struct{}

func (spanNameAdvisor) Attribute(*Sample, *Attr, *Reporter) {}

func (spanNameAdvisor) Sample(s *Sample, r *Reporter) {
	if s.Kind == EntitySpan && s.x.vague(s) {
		r.Report(s, IDVagueSpanName, nil, Detail{})
	}
}

// metricAdvisor checks metric definitions: missing_metric, deprecated,
// not_stable, unit_mismatch, unexpected_instrument,
// metric_unit_unset_or_default, metric_name_contains_unit and
// metric_name_is_attribute_key; and log records: log_severity_unset.
type metricAdvisor struct{}

func (metricAdvisor) Attribute(*Sample, *Attr, *Reporter) {}

func (metricAdvisor) Sample(s *Sample, r *Reporter) {
	if s.Kind == EntityLog {
		if s.SeverityNumber == 0 {
			r.Report(s, IDLogSeverityUnset, nil, Detail{})
		}
		return
	}
	if s.Kind != EntityMetric {
		return
	}
	if !validUCUM(s.Unit) {
		r.Report(s, IDMetricUnitUnset, nil, Detail{Actual: string(s.Unit)})
	}
	if s.Group == nil { // the registry's own metric names are not the service's to change
		if u := unitInName(s.RawName); u != "" {
			r.Report(s, IDMetricNameContainsUnit, nil, Detail{Actual: u})
		}
		if _, ok := s.x.c.ri.keyIdx[string(s.RawName)]; ok {
			r.Report(s, IDMetricNameIsAttribute, nil, Detail{})
		}
	}
	g := s.Group
	if g == nil {
		if s.owned {
			r.Report(s, IDMissingMetric, nil, Detail{})
		}
		return
	}
	if g.Deprecated != nil {
		r.Report(s, IDDeprecated, nil, Detail{Suggestion: g.Deprecated.RenamedTo, Expected: g.Deprecated.Reason})
	} else if g.Stability != "stable" && g.Stability != "" {
		r.Report(s, IDNotStable, nil, Detail{Actual: g.Stability})
	}
	if g.Unit != "" && string(s.Unit) != g.Unit {
		r.Report(s, IDUnitMismatch, nil, Detail{Expected: g.Unit, Actual: string(s.Unit)})
	}
	if g.Instrument != "" && s.Instrument != "" && s.Instrument != g.Instrument {
		r.Report(s, IDUnexpectedInstrument, nil, Detail{Expected: g.Instrument, Actual: s.Instrument})
	}
}

// builtinAdvisors returns the advisors every checker runs: those with
// attribute checks and those with sample checks (the built-in ones do
// only one of the two, so the other hook is not called for nothing).
func builtinAdvisors(cfg *Config) (attr, sample []Advisor) {
	return []Advisor{attributeAdvisor{showValues: cfg.ShowValues}},
		[]Advisor{requirementAdvisor{}, resourceAdvisor{}, spanNameAdvisor{}, metricAdvisor{}}
}

// serviceNameState is what a resource's service.name is.
type serviceNameState uint8

const (
	serviceNameOK        serviceNameState = iota // a non-empty string, not the SDK default
	serviceNameAbsent                            // no service.name attribute
	serviceNameEmpty                             // the empty string
	serviceNameUnknown                           // the SDK default unknown_service[:binary]
	serviceNameNotString                         // a value of another type
)

// serviceNameProblems is what missing_service_name says of each state.
var serviceNameProblems = [...]string{
	serviceNameAbsent:    "no service.name attribute",
	serviceNameEmpty:     "an empty service.name",
	serviceNameUnknown:   "the SDK default service.name unknown_service",
	serviceNameNotString: "a service.name that is not a string",
}
