// Package weaverlog emits runtimecheck findings as OTLP log records in
// Weaver's live-check finding schema, so tools that read Weaver's findings
// read otellint's: event name weaver.live_check.finding, the message as
// body, severity ERROR (17), WARN (13) or INFO (9) for violation,
// improvement and information, and weaver.finding.* attributes.
//
// A [Pacer] decides when: a finding is emitted once when it is first seen,
// and then once per report interval with its aggregated count if it
// occurred again, never once per occurrence, so a noisy service cannot
// flood a logs pipeline. The Collector component and
// `otellint live --emit-otlp-logs` both use it, so the two outputs match
// record for record.
package weaverlog

import (
	"encoding/hex"
	"fmt"
	"sort"
	"time"

	"github.com/otellint/otellint/runtimecheck"
	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
)

// EventName is the event name of every finding record.
const EventName = "weaver.live_check.finding"

// Attribute keys of Weaver's schema.
const (
	AttrID         = "weaver.finding.id"
	AttrLevel      = "weaver.finding.level"
	AttrSignalType = "weaver.finding.signal.type"
	AttrSignalName = "weaver.finding.signal.name"
	AttrSampleType = "weaver.finding.sample.type"
	// PrefixContext prefixes each key of the finding's context.
	PrefixContext = "weaver.finding.context."
	// PrefixResource prefixes the service identity (service.name,
	// service.namespace, service.version) of the telemetry the finding is
	// about; no other resource attribute is copied.
	PrefixResource = "weaver.finding.resource.attribute."
)

// otellint's additions, which readers of Weaver's schema ignore.
const (
	// AttrCount is the number of occurrences since the finding was first
	// seen.
	AttrCount = "otellint.finding.count"
	// AttrNewCount is the number of occurrences since the previous record
	// of the same finding (the count itself in a first_seen record).
	AttrNewCount = "otellint.finding.new_count"
	// AttrReport says why the record was emitted: ReportFirstSeen or
	// ReportAggregate.
	AttrReport = "otellint.finding.report"
	// AttrSignal is the OTLP signal the finding was made on (traces,
	// metrics or logs). Weaver's signal type says "resource" for a finding
	// about a resource, which the traces, metrics and logs of one service
	// each carry: this tells those findings apart.
	AttrSignal = "otellint.finding.signal"
)

// Report kinds, the values of AttrReport.
const (
	ReportFirstSeen = "first_seen"
	ReportAggregate = "aggregate"
)

// ScopeName is the instrumentation scope of the emitted records.
const ScopeName = "otellint"

// Severity returns the OTLP severity number and text of a level.
func Severity(l runtimecheck.Level) (logspb.SeverityNumber, string) {
	switch l {
	case runtimecheck.Violation:
		return logspb.SeverityNumber_SEVERITY_NUMBER_ERROR, "ERROR"
	case runtimecheck.Improvement:
		return logspb.SeverityNumber_SEVERITY_NUMBER_WARN, "WARN"
	}
	return logspb.SeverityNumber_SEVERITY_NUMBER_INFO, "INFO"
}

// signalType maps a finding to Weaver's signal types: a finding about a
// resource is of signal type resource, the others of their signal.
func signalType(f *runtimecheck.Finding) string {
	if f.Context["entity"] == string(runtimecheck.EntityResource) {
		return "resource"
	}
	switch f.Signal {
	case runtimecheck.SignalTraces:
		return "span"
	case runtimecheck.SignalMetrics:
		return "metric"
	}
	return "log"
}

// sampleTypes maps entity kinds to Weaver's sample types where they
// correspond exactly (a data point's kind of number is not known here).
var sampleTypes = map[string]string{
	string(runtimecheck.EntityResource):  "resource",
	string(runtimecheck.EntityScope):     "instrumentation_scope",
	string(runtimecheck.EntitySpan):      "span",
	string(runtimecheck.EntitySpanEvent): "span_event",
	string(runtimecheck.EntitySpanLink):  "span_link",
	string(runtimecheck.EntityMetric):    "metric",
	string(runtimecheck.EntityLog):       "log",
}

// Entry is one record to emit: a finding, why, and its counts.
type Entry struct {
	Finding runtimecheck.Finding
	// Report is ReportFirstSeen or ReportAggregate.
	Report string
	// Count is the number of occurrences so far; New those since the
	// previous entry of the finding.
	Count, New int64
	// Observed is when the entry was made.
	Observed time.Time
}

// Record builds the OTLP log record of e.
func Record(e *Entry) *logspb.LogRecord {
	f := &e.Finding
	sev, sevText := Severity(f.Level)
	ts := f.LastSeen
	if e.Report == ReportFirstSeen {
		ts = f.FirstSeen
	}
	attrs := []*commonpb.KeyValue{
		str(AttrID, f.ID),
		str(AttrLevel, string(f.Level)),
		str(AttrSignalType, signalType(f)),
	}
	if f.Name != "" {
		attrs = append(attrs, str(AttrSignalName, f.Name))
	}
	if st, ok := sampleTypes[fmt.Sprint(f.Context["entity"])]; ok {
		attrs = append(attrs, str(AttrSampleType, st))
	}
	if f.Attribute != "" {
		attrs = append(attrs, str(PrefixContext+"attribute_name", f.Attribute))
	}
	if f.Scope != "" {
		attrs = append(attrs, str(PrefixContext+"scope_name", f.Scope))
	}
	keys := make([]string, 0, len(f.Context))
	for k := range f.Context {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		attrs = append(attrs, &commonpb.KeyValue{Key: PrefixContext + k, Value: anyValue(f.Context[k])})
	}
	for _, id := range [...]struct{ key, v string }{
		{"service.name", f.Service}, {"service.namespace", f.ServiceNamespace}, {"service.version", f.ServiceVersion},
	} {
		if id.v != "" {
			attrs = append(attrs, str(PrefixResource+id.key, id.v))
		}
	}
	attrs = append(attrs,
		integer(AttrCount, e.Count),
		integer(AttrNewCount, e.New),
		str(AttrReport, e.Report),
	)
	if f.Signal != "" {
		attrs = append(attrs, str(AttrSignal, string(f.Signal)))
	}
	rec := &logspb.LogRecord{
		TimeUnixNano:         unixNano(ts),
		ObservedTimeUnixNano: unixNano(e.Observed),
		SeverityNumber:       sev,
		SeverityText:         sevText,
		Body:                 &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: f.Message}},
		Attributes:           attrs,
		EventName:            EventName,
	}
	// A first sighting links to the span it was found on, so a backend can
	// jump from the finding to the trace.
	if e.Report == ReportFirstSeen {
		if tid, err := hex.DecodeString(fmt.Sprint(f.Context["trace_id"])); err == nil && len(tid) == 16 {
			rec.TraceId = tid
			if sid, err := hex.DecodeString(fmt.Sprint(f.Context["span_id"])); err == nil && len(sid) == 8 {
				rec.SpanId = sid
			}
		}
	}
	return rec
}

// Request wraps the records of entries in one export request under the
// emitter's resource (its own service.name and the like, never the checked
// telemetry's).
func Request(resource []*commonpb.KeyValue, entries []Entry) *collogspb.ExportLogsServiceRequest {
	recs := make([]*logspb.LogRecord, len(entries))
	for i := range entries {
		recs[i] = Record(&entries[i])
	}
	return &collogspb.ExportLogsServiceRequest{ResourceLogs: []*logspb.ResourceLogs{{
		Resource:  &resourcepb.Resource{Attributes: resource},
		ScopeLogs: []*logspb.ScopeLogs{{Scope: &commonpb.InstrumentationScope{Name: ScopeName}, LogRecords: recs}},
	}}}
}

func unixNano(t time.Time) uint64 {
	if t.IsZero() {
		return 0
	}
	return uint64(t.UnixNano())
}

func str(k, v string) *commonpb.KeyValue {
	return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: v}}}
}

func integer(k string, v int64) *commonpb.KeyValue {
	return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_IntValue{IntValue: v}}}
}

// anyValue converts a context value (strings and numbers, as the checker
// makes them) to an AnyValue; anything else is formatted as a string.
func anyValue(v any) *commonpb.AnyValue {
	switch v := v.(type) {
	case string:
		return &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: v}}
	case int:
		return &commonpb.AnyValue{Value: &commonpb.AnyValue_IntValue{IntValue: int64(v)}}
	case int64:
		return &commonpb.AnyValue{Value: &commonpb.AnyValue_IntValue{IntValue: v}}
	case float64:
		return &commonpb.AnyValue{Value: &commonpb.AnyValue_DoubleValue{DoubleValue: v}}
	case bool:
		return &commonpb.AnyValue{Value: &commonpb.AnyValue_BoolValue{BoolValue: v}}
	}
	return &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: fmt.Sprint(v)}}
}
