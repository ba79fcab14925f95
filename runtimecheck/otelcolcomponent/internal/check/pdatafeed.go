package check

import (
	"math"
	"slices"
	"sync"
	"unsafe"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/otellint/otellint/runtimecheck/internal/otlpwire"
)

// The checker is fed from pdata directly (runtimecheck's Consume*From):
// pdataFeed hands it the resources, scopes, spans, metrics, data points and
// log records with the wire walker's types, the way the walker hands over
// decoded bytes. bench_test.go measured this against marshalling pdata to
// protobuf and walking the bytes: marshal and walk cost about as much as
// the checks themselves, visiting pdata a tenth of that.
//
// Strings are handed over as byte views of pdata's own strings (no copy):
// pdata is immutable while a consumer runs, and the checker only reads
// them, copying what it keeps. Arrays and maps, which the checker reads in
// their protobuf encoding, are encoded into the feed's arena.

// pdataFeed holds the reusable buffers of one conversion; pooled.
type pdataFeed struct {
	res    otlpwire.Resource
	scope  otlpwire.Scope
	span   otlpwire.Span
	metric otlpwire.Metric
	dp     otlpwire.DataPoint
	log    otlpwire.LogRecord
	arena  []byte
}

var feeds = sync.Pool{New: func() any { return new(pdataFeed) }}

// maxArena bounds the arena a pooled feed keeps.
const maxArena = 1 << 20

func getFeed() *pdataFeed { return feeds.Get().(*pdataFeed) }

func (f *pdataFeed) put() {
	if cap(f.arena) > maxArena {
		f.arena = nil
	}
	f.arena = f.arena[:0]
	// Drop the views of the last request so a pooled feed pins nothing.
	clear(f.res.Attrs[:cap(f.res.Attrs)])
	clear(f.scope.Attrs[:cap(f.scope.Attrs)])
	clear(f.span.Attrs[:cap(f.span.Attrs)])
	clear(f.span.EventAttrs[:cap(f.span.EventAttrs)])
	clear(f.span.LinkAttrs[:cap(f.span.LinkAttrs)])
	clear(f.span.Events[:cap(f.span.Events)])
	clear(f.span.Links[:cap(f.span.Links)])
	clear(f.metric.Metadata[:cap(f.metric.Metadata)])
	clear(f.dp.Attrs[:cap(f.dp.Attrs)])
	clear(f.log.Attrs[:cap(f.log.Attrs)])
	f.span = otlpwire.Span{Attrs: f.span.Attrs[:0], EventAttrs: f.span.EventAttrs[:0], LinkAttrs: f.span.LinkAttrs[:0],
		Events: f.span.Events[:0], Links: f.span.Links[:0]}
	f.res = otlpwire.Resource{Attrs: f.res.Attrs[:0]}
	f.scope = otlpwire.Scope{Attrs: f.scope.Attrs[:0]}
	f.metric = otlpwire.Metric{Metadata: f.metric.Metadata[:0]}
	f.dp = otlpwire.DataPoint{Attrs: f.dp.Attrs[:0]}
	f.log = otlpwire.LogRecord{Attrs: f.log.Attrs[:0]}
	feeds.Put(f)
}

// view is s as bytes without copying; nil for "" (as the wire walker
// hands over an absent field).
func view(s string) []byte {
	if s == "" {
		return nil
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// id16 and id8 copy an id into the arena: the checker keeps the ids of a
// request's findings until the request is merged, so they cannot live in a
// buffer the next span reuses. An empty id is nil, as on the wire.
func (f *pdataFeed) id16(id pcommon.TraceID) []byte {
	if id.IsEmpty() {
		return nil
	}
	start := len(f.arena)
	f.arena = append(f.arena, id[:]...)
	return f.arena[start:len(f.arena):len(f.arena)]
}

func (f *pdataFeed) id8(id pcommon.SpanID) []byte {
	if id.IsEmpty() {
		return nil
	}
	start := len(f.arena)
	f.arena = append(f.arena, id[:]...)
	return f.arena[start:len(f.arena):len(f.arena)]
}

// appendAttrs appends the attributes of m to dst.
func (f *pdataFeed) appendAttrs(dst []otlpwire.KeyValue, m pcommon.Map) []otlpwire.KeyValue {
	n := len(dst)
	dst = slices.Grow(dst, m.Len())[:n+m.Len()]
	i := n
	for k, v := range m.All() {
		kv := &dst[i]
		kv.Key, kv.Value = view(k), f.value(v)
		i++
	}
	return dst[:i]
}

// value converts a pdata value to the wire walker's.
func (f *pdataFeed) value(v pcommon.Value) otlpwire.Value {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return otlpwire.Value{Kind: otlpwire.KindString, Str: view(v.Str())}
	case pcommon.ValueTypeInt:
		return otlpwire.Value{Kind: otlpwire.KindInt, Num: uint64(v.Int())}
	case pcommon.ValueTypeDouble:
		return otlpwire.Value{Kind: otlpwire.KindDouble, Num: math.Float64bits(v.Double())}
	case pcommon.ValueTypeBool:
		var n uint64
		if v.Bool() {
			n = 1
		}
		return otlpwire.Value{Kind: otlpwire.KindBool, Num: n}
	case pcommon.ValueTypeBytes:
		return otlpwire.Value{Kind: otlpwire.KindBytes, Str: v.Bytes().AsRaw()}
	case pcommon.ValueTypeSlice:
		start := len(f.arena)
		f.arena = appendArray(f.arena, v.Slice())
		return otlpwire.Value{Kind: otlpwire.KindArray, Raw: f.arena[start:len(f.arena):len(f.arena)]}
	case pcommon.ValueTypeMap:
		start := len(f.arena)
		f.arena = appendKVList(f.arena, v.Map())
		return otlpwire.Value{Kind: otlpwire.KindKVList, Raw: f.arena[start:len(f.arena):len(f.arena)]}
	}
	return otlpwire.Value{}
}

// appendAnyValue appends the AnyValue encoding of v.
func appendAnyValue(b []byte, v pcommon.Value) []byte {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendString(b, v.Str())
	case pcommon.ValueTypeBool:
		b = protowire.AppendTag(b, 2, protowire.VarintType)
		b = protowire.AppendVarint(b, protowire.EncodeBool(v.Bool()))
	case pcommon.ValueTypeInt:
		b = protowire.AppendTag(b, 3, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(v.Int()))
	case pcommon.ValueTypeDouble:
		b = protowire.AppendTag(b, 4, protowire.Fixed64Type)
		b = protowire.AppendFixed64(b, math.Float64bits(v.Double()))
	case pcommon.ValueTypeSlice:
		b = protowire.AppendTag(b, 5, protowire.BytesType)
		b = appendNested(b, func(b []byte) []byte { return appendArray(b, v.Slice()) })
	case pcommon.ValueTypeMap:
		b = protowire.AppendTag(b, 6, protowire.BytesType)
		b = appendNested(b, func(b []byte) []byte { return appendKVList(b, v.Map()) })
	case pcommon.ValueTypeBytes:
		b = protowire.AppendTag(b, 7, protowire.BytesType)
		b = protowire.AppendBytes(b, v.Bytes().AsRaw())
	}
	return b
}

// appendNested appends a length-delimited message written by enc.
func appendNested(b []byte, enc func([]byte) []byte) []byte {
	body := enc(nil)
	return protowire.AppendBytes(b, body)
}

// appendArray appends the ArrayValue encoding of s (its elements).
func appendArray(b []byte, s pcommon.Slice) []byte {
	for _, e := range s.All() {
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = appendNested(b, func(b []byte) []byte { return appendAnyValue(b, e) })
	}
	return b
}

// appendKVList appends the KeyValueList encoding of m.
func appendKVList(b []byte, m pcommon.Map) []byte {
	for k, v := range m.All() {
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = appendNested(b, func(b []byte) []byte {
			b = protowire.AppendTag(b, 1, protowire.BytesType)
			b = protowire.AppendString(b, k)
			b = protowire.AppendTag(b, 2, protowire.BytesType)
			return appendNested(b, func(b []byte) []byte { return appendAnyValue(b, v) })
		})
	}
	return b
}

func (f *pdataFeed) resource(r pcommon.Resource, schemaURL string) *otlpwire.Resource {
	f.res.Attrs = f.appendAttrs(f.res.Attrs[:0], r.Attributes())
	f.res.DroppedAttributes, f.res.SchemaURL, f.res.Present = r.DroppedAttributesCount(), view(schemaURL), true
	return &f.res
}

func (f *pdataFeed) scopeOf(s pcommon.InstrumentationScope, schemaURL string) *otlpwire.Scope {
	f.scope.Attrs = f.appendAttrs(f.scope.Attrs[:0], s.Attributes())
	f.scope.Name, f.scope.Version = view(s.Name()), view(s.Version())
	f.scope.DroppedAttributes, f.scope.SchemaURL = s.DroppedAttributesCount(), view(schemaURL)
	return &f.scope
}

// traces hands td to h.
func (f *pdataFeed) traces(td ptrace.Traces, h otlpwire.TracesHandler) {
	for _, rs := range td.ResourceSpans().All() {
		h.Resource(f.resource(rs.Resource(), rs.SchemaUrl()))
		for _, ss := range rs.ScopeSpans().All() {
			h.Scope(f.scopeOf(ss.Scope(), ss.SchemaUrl()))
			for _, sp := range ss.Spans().All() {
				h.Span(f.spanOf(sp))
			}
		}
	}
}

func (f *pdataFeed) spanOf(sp ptrace.Span) *otlpwire.Span {
	s := &f.span
	*s = otlpwire.Span{
		Attrs: s.Attrs[:0], Events: s.Events[:0], EventAttrs: s.EventAttrs[:0], Links: s.Links[:0], LinkAttrs: s.LinkAttrs[:0],
		TraceID: f.id16(sp.TraceID()), SpanID: f.id8(sp.SpanID()), ParentSpanID: f.id8(sp.ParentSpanID()),
		TraceState: view(sp.TraceState().AsRaw()), Name: view(sp.Name()), Kind: int32(sp.Kind()), Flags: sp.Flags(),
		Start: uint64(sp.StartTimestamp()), End: uint64(sp.EndTimestamp()), DroppedAttributes: sp.DroppedAttributesCount(),
		StatusCode: int32(sp.Status().Code()), StatusMessage: view(sp.Status().Message()),
	}
	s.Attrs = f.appendAttrs(s.Attrs, sp.Attributes())
	for _, e := range sp.Events().All() {
		start := len(s.EventAttrs)
		s.EventAttrs = f.appendAttrs(s.EventAttrs, e.Attributes())
		s.Events = append(s.Events, otlpwire.Event{Name: view(e.Name()), Time: uint64(e.Timestamp()), AttrStart: start, AttrEnd: len(s.EventAttrs)})
	}
	for _, l := range sp.Links().All() {
		start := len(s.LinkAttrs)
		s.LinkAttrs = f.appendAttrs(s.LinkAttrs, l.Attributes())
		s.Links = append(s.Links, otlpwire.Link{TraceID: f.id16(l.TraceID()), SpanID: f.id8(l.SpanID()), AttrStart: start, AttrEnd: len(s.LinkAttrs)})
	}
	return s
}

// metrics hands md to h.
func (f *pdataFeed) metrics(md pmetric.Metrics, h otlpwire.MetricsHandler) {
	for _, rm := range md.ResourceMetrics().All() {
		h.Resource(f.resource(rm.Resource(), rm.SchemaUrl()))
		for _, sm := range rm.ScopeMetrics().All() {
			h.Scope(f.scopeOf(sm.Scope(), sm.SchemaUrl()))
			for _, m := range sm.Metrics().All() {
				f.metricOf(m, h)
			}
		}
	}
}

func (f *pdataFeed) metricOf(m pmetric.Metric, h otlpwire.MetricsHandler) {
	w := &f.metric
	*w = otlpwire.Metric{
		Name: view(m.Name()), Description: view(m.Description()), Unit: view(m.Unit()),
		Metadata: f.appendAttrs(w.Metadata[:0], m.Metadata()),
	}
	dp := func(attrs pcommon.Map, start, ts pcommon.Timestamp, flags uint32) {
		f.dp = otlpwire.DataPoint{Attrs: f.appendAttrs(f.dp.Attrs[:0], attrs), StartTime: uint64(start), Time: uint64(ts), Flags: flags}
		h.DataPoint(w, &f.dp)
	}
	switch m.Type() {
	case pmetric.MetricTypeGauge:
		w.Type = otlpwire.MetricGauge
		h.Metric(w)
		for _, p := range m.Gauge().DataPoints().All() {
			dp(p.Attributes(), p.StartTimestamp(), p.Timestamp(), uint32(p.Flags()))
		}
	case pmetric.MetricTypeSum:
		w.Type, w.Monotonic, w.Temporality = otlpwire.MetricSum, m.Sum().IsMonotonic(), int32(m.Sum().AggregationTemporality())
		h.Metric(w)
		for _, p := range m.Sum().DataPoints().All() {
			dp(p.Attributes(), p.StartTimestamp(), p.Timestamp(), uint32(p.Flags()))
		}
	case pmetric.MetricTypeHistogram:
		w.Type, w.Temporality = otlpwire.MetricHistogram, int32(m.Histogram().AggregationTemporality())
		h.Metric(w)
		for _, p := range m.Histogram().DataPoints().All() {
			dp(p.Attributes(), p.StartTimestamp(), p.Timestamp(), uint32(p.Flags()))
		}
	case pmetric.MetricTypeExponentialHistogram:
		w.Type, w.Temporality = otlpwire.MetricExponentialHistogram, int32(m.ExponentialHistogram().AggregationTemporality())
		h.Metric(w)
		for _, p := range m.ExponentialHistogram().DataPoints().All() {
			dp(p.Attributes(), p.StartTimestamp(), p.Timestamp(), uint32(p.Flags()))
		}
	case pmetric.MetricTypeSummary:
		w.Type = otlpwire.MetricSummary
		h.Metric(w)
		for _, p := range m.Summary().DataPoints().All() {
			dp(p.Attributes(), p.StartTimestamp(), p.Timestamp(), uint32(p.Flags()))
		}
	default:
		h.Metric(w)
	}
}

// logs hands ld to h.
func (f *pdataFeed) logs(ld plog.Logs, h otlpwire.LogsHandler) {
	for _, rl := range ld.ResourceLogs().All() {
		h.Resource(f.resource(rl.Resource(), rl.SchemaUrl()))
		for _, sl := range rl.ScopeLogs().All() {
			h.Scope(f.scopeOf(sl.Scope(), sl.SchemaUrl()))
			for _, r := range sl.LogRecords().All() {
				l := &f.log
				*l = otlpwire.LogRecord{
					Time: uint64(r.Timestamp()), ObservedTime: uint64(r.ObservedTimestamp()),
					SeverityNumber: int32(r.SeverityNumber()), SeverityText: view(r.SeverityText()),
					Body: f.value(r.Body()), Attrs: f.appendAttrs(l.Attrs[:0], r.Attributes()),
					DroppedAttributes: r.DroppedAttributesCount(), Flags: uint32(r.Flags()),
					TraceID: f.id16(r.TraceID()), SpanID: f.id8(r.SpanID()), EventName: view(r.EventName()),
				}
				h.Log(l)
			}
		}
	}
}
