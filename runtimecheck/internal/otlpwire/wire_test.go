package otlpwire

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/otellint/otellint/runtimecheck/internal/otlptest"
	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	colmetricspb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	metricspb "go.opentelemetry.io/proto/otlp/metrics/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// summary is what the differential tests compare between the walker and
// proto.Unmarshal.
type summary struct {
	Resources  int
	ResAttrs   []string
	Scopes     []string
	Items      []string // one line per span/metric/log: name, kind, keys
	DataPoints []string
}

// The summaries render every field the walker decodes, values in full,
// the same way from both sides: a field the walker drops or misreads
// makes them differ.

func pbVal(v *commonpb.AnyValue) string {
	switch x := v.GetValue().(type) {
	case *commonpb.AnyValue_StringValue:
		return "s" + strconv.Quote(x.StringValue)
	case *commonpb.AnyValue_BoolValue:
		return fmt.Sprintf("b%v", x.BoolValue)
	case *commonpb.AnyValue_IntValue:
		return fmt.Sprintf("i%d", x.IntValue)
	case *commonpb.AnyValue_DoubleValue:
		return fmt.Sprintf("d%x", math.Float64bits(x.DoubleValue))
	case *commonpb.AnyValue_ArrayValue:
		var parts []string
		for _, e := range x.ArrayValue.GetValues() {
			parts = append(parts, pbVal(e))
		}
		return "[" + strings.Join(parts, " ") + "]"
	case *commonpb.AnyValue_KvlistValue:
		return "{" + pbKeys(x.KvlistValue.GetValues()) + "}"
	case *commonpb.AnyValue_BytesValue:
		return fmt.Sprintf("y%x", x.BytesValue)
	case *commonpb.AnyValue_StringValueStrindex:
		return fmt.Sprintf("x%d", x.StringValueStrindex)
	}
	return "-"
}

func wVal(v Value) string {
	switch v.Kind {
	case KindString:
		return "s" + strconv.Quote(string(v.Str))
	case KindBool:
		return fmt.Sprintf("b%v", v.Bool())
	case KindInt:
		return fmt.Sprintf("i%d", v.Int())
	case KindDouble:
		return fmt.Sprintf("d%x", v.Num)
	case KindArray:
		var parts []string
		v.Elems(func(e Value) bool { parts = append(parts, wVal(e)); return true })
		return "[" + strings.Join(parts, " ") + "]"
	case KindKVList:
		var kvs []KeyValue
		v.Pairs(func(kv *KeyValue) bool { kvs = append(kvs, *kv); return true })
		return "{" + wKeys(kvs) + "}"
	case KindBytes:
		return fmt.Sprintf("y%x", v.Str)
	case KindStrIndex:
		return fmt.Sprintf("x%d", int32(v.Num))
	}
	return "-"
}

func pbKeys(kvs []*commonpb.KeyValue) string {
	var s strings.Builder
	for _, kv := range kvs {
		fmt.Fprintf(&s, "%q=%s,", kv.Key, pbVal(kv.Value))
	}
	return s.String()
}

func wKeys(kvs []KeyValue) string {
	var s strings.Builder
	for _, kv := range kvs {
		fmt.Fprintf(&s, "%q=%s,", kv.Key, wVal(kv.Value))
	}
	return s.String()
}

type collector struct{ s summary }

func (c *collector) Resource(r *Resource) {
	c.s.Resources++
	c.s.ResAttrs = append(c.s.ResAttrs, fmt.Sprintf("present=%v %s dropped=%d schema=%q", r.Present, wKeys(r.Attrs), r.DroppedAttributes, r.SchemaURL))
}
func (c *collector) Scope(s *Scope) {
	c.s.Scopes = append(c.s.Scopes, fmt.Sprintf("%q %q %s dropped=%d schema=%q", s.Name, s.Version, wKeys(s.Attrs), s.DroppedAttributes, s.SchemaURL))
}
func (c *collector) Span(s *Span) {
	var line strings.Builder
	fmt.Fprintf(&line, "%q %d trace=%x span=%x parent=%x state=%q flags=%d t=%d-%d %s dropped=%d status=%d %q ev=%d links=%d",
		s.Name, s.Kind, s.TraceID, s.SpanID, s.ParentSpanID, s.TraceState, s.Flags, s.Start, s.End,
		wKeys(s.Attrs), s.DroppedAttributes, s.StatusCode, s.StatusMessage, len(s.Events), len(s.Links))
	for i, e := range s.Events {
		fmt.Fprintf(&line, " e:%q@%d:%s", e.Name, e.Time, wKeys(s.EventAttributes(i)))
	}
	for i, l := range s.Links {
		fmt.Fprintf(&line, " l:%x/%x:%s", l.TraceID, l.SpanID, wKeys(s.LinkAttributes(i)))
	}
	c.s.Items = append(c.s.Items, line.String())
}
func (c *collector) Metric(m *Metric) {
	c.s.Items = append(c.s.Items, fmt.Sprintf("%q %q %q %v mono=%v temporality=%d meta=%s", m.Name, m.Description, m.Unit, m.Type, m.Monotonic, m.Temporality, wKeys(m.Metadata)))
}
func (c *collector) DataPoint(m *Metric, d *DataPoint) {
	c.s.DataPoints = append(c.s.DataPoints, fmt.Sprintf("%q %s t=%d-%d flags=%d", m.Name, wKeys(d.Attrs), d.StartTime, d.Time, d.Flags))
}
func (c *collector) Log(l *LogRecord) {
	c.s.Items = append(c.s.Items, fmt.Sprintf("%q t=%d/%d sev=%d %q body=%s %s dropped=%d flags=%d trace=%x span=%x",
		l.EventName, l.Time, l.ObservedTime, l.SeverityNumber, l.SeverityText, wVal(l.Body), wKeys(l.Attrs), l.DroppedAttributes, l.Flags, l.TraceID, l.SpanID))
}

func traceSummary(req *coltracepb.ExportTraceServiceRequest) summary {
	var s summary
	for _, rs := range req.ResourceSpans {
		s.Resources++
		r := rs.GetResource()
		s.ResAttrs = append(s.ResAttrs, fmt.Sprintf("present=%v %s dropped=%d schema=%q", r != nil, pbKeys(r.GetAttributes()), r.GetDroppedAttributesCount(), []byte(rs.SchemaUrl)))
		for _, ss := range rs.ScopeSpans {
			sc := ss.GetScope()
			s.Scopes = append(s.Scopes, fmt.Sprintf("%q %q %s dropped=%d schema=%q", []byte(sc.GetName()), []byte(sc.GetVersion()), pbKeys(sc.GetAttributes()), sc.GetDroppedAttributesCount(), []byte(ss.SchemaUrl)))
			for _, sp := range ss.Spans {
				var line strings.Builder
				fmt.Fprintf(&line, "%q %d trace=%x span=%x parent=%x state=%q flags=%d t=%d-%d %s dropped=%d status=%d %q ev=%d links=%d",
					[]byte(sp.Name), sp.Kind, sp.TraceId, sp.SpanId, sp.ParentSpanId, []byte(sp.TraceState), sp.Flags, sp.StartTimeUnixNano, sp.EndTimeUnixNano,
					pbKeys(sp.Attributes), sp.DroppedAttributesCount, sp.GetStatus().GetCode(), []byte(sp.GetStatus().GetMessage()), len(sp.Events), len(sp.Links))
				for _, e := range sp.Events {
					fmt.Fprintf(&line, " e:%q@%d:%s", []byte(e.Name), e.TimeUnixNano, pbKeys(e.Attributes))
				}
				for _, l := range sp.Links {
					fmt.Fprintf(&line, " l:%x/%x:%s", l.TraceId, l.SpanId, pbKeys(l.Attributes))
				}
				s.Items = append(s.Items, line.String())
			}
		}
	}
	return s
}

// point is what the summaries compare of a data point of any type.
type point interface {
	GetAttributes() []*commonpb.KeyValue
	GetStartTimeUnixNano() uint64
	GetTimeUnixNano() uint64
	GetFlags() uint32
}

func metricsSummary(req *colmetricspb.ExportMetricsServiceRequest) summary {
	var s summary
	for _, rm := range req.ResourceMetrics {
		s.Resources++
		r := rm.GetResource()
		s.ResAttrs = append(s.ResAttrs, fmt.Sprintf("present=%v %s dropped=%d schema=%q", r != nil, pbKeys(r.GetAttributes()), r.GetDroppedAttributesCount(), []byte(rm.SchemaUrl)))
		for _, sm := range rm.ScopeMetrics {
			sc := sm.GetScope()
			s.Scopes = append(s.Scopes, fmt.Sprintf("%q %q %s dropped=%d schema=%q", []byte(sc.GetName()), []byte(sc.GetVersion()), pbKeys(sc.GetAttributes()), sc.GetDroppedAttributesCount(), []byte(sm.SchemaUrl)))
			for _, m := range sm.Metrics {
				t, mono, temp := MetricNone, false, int32(0)
				var dps []point
				switch d := m.Data.(type) {
				case *metricspb.Metric_Gauge:
					t = MetricGauge
					for _, p := range d.Gauge.DataPoints {
						dps = append(dps, p)
					}
				case *metricspb.Metric_Sum:
					t, mono, temp = MetricSum, d.Sum.IsMonotonic, int32(d.Sum.AggregationTemporality)
					for _, p := range d.Sum.DataPoints {
						dps = append(dps, p)
					}
				case *metricspb.Metric_Histogram:
					t, temp = MetricHistogram, int32(d.Histogram.AggregationTemporality)
					for _, p := range d.Histogram.DataPoints {
						dps = append(dps, p)
					}
				case *metricspb.Metric_ExponentialHistogram:
					t, temp = MetricExponentialHistogram, int32(d.ExponentialHistogram.AggregationTemporality)
					for _, p := range d.ExponentialHistogram.DataPoints {
						dps = append(dps, p)
					}
				case *metricspb.Metric_Summary:
					t = MetricSummary
					for _, p := range d.Summary.DataPoints {
						dps = append(dps, p)
					}
				}
				s.Items = append(s.Items, fmt.Sprintf("%q %q %q %v mono=%v temporality=%d meta=%s", []byte(m.Name), []byte(m.Description), []byte(m.Unit), t, mono, temp, pbKeys(m.Metadata)))
				for _, p := range dps {
					s.DataPoints = append(s.DataPoints, fmt.Sprintf("%q %s t=%d-%d flags=%d", []byte(m.Name), pbKeys(p.GetAttributes()), p.GetStartTimeUnixNano(), p.GetTimeUnixNano(), p.GetFlags()))
				}
			}
		}
	}
	return s
}

func logsSummary(req *collogspb.ExportLogsServiceRequest) summary {
	var s summary
	for _, rl := range req.ResourceLogs {
		s.Resources++
		r := rl.GetResource()
		s.ResAttrs = append(s.ResAttrs, fmt.Sprintf("present=%v %s dropped=%d schema=%q", r != nil, pbKeys(r.GetAttributes()), r.GetDroppedAttributesCount(), []byte(rl.SchemaUrl)))
		for _, sl := range rl.ScopeLogs {
			sc := sl.GetScope()
			s.Scopes = append(s.Scopes, fmt.Sprintf("%q %q %s dropped=%d schema=%q", []byte(sc.GetName()), []byte(sc.GetVersion()), pbKeys(sc.GetAttributes()), sc.GetDroppedAttributesCount(), []byte(sl.SchemaUrl)))
			for _, l := range sl.LogRecords {
				s.Items = append(s.Items, fmt.Sprintf("%q t=%d/%d sev=%d %q body=%s %s dropped=%d flags=%d trace=%x span=%x",
					[]byte(l.EventName), l.TimeUnixNano, l.ObservedTimeUnixNano, l.SeverityNumber, []byte(l.SeverityText), pbVal(l.Body), pbKeys(l.Attributes), l.DroppedAttributesCount, l.Flags, l.TraceId, l.SpanId))
			}
		}
	}
	return s
}

// pbKeys quotes keys as strings while wKeys quotes []byte; %q prints both
// the same way, so the summaries are comparable.

// long is an attribute value whose length needs a two-byte varint (the
// walker's fast paths read one-byte lengths).
var long = strings.Repeat("0123456789abcdef", 9)

func seedTraces() [][]byte {
	full := otlptest.MixedTraces(8)
	sp := full.ResourceSpans[0].ScopeSpans[0].Spans[0]
	sp.Events = []*tracepb.Span_Event{{Name: "exception", Attributes: []*commonpb.KeyValue{otlptest.Str("exception.type", "E")}}}
	sp.Links = []*tracepb.Span_Link{{TraceId: otlptest.ID(16, 9), SpanId: otlptest.ID(8, 9), Attributes: []*commonpb.KeyValue{otlptest.Int("x", 1)}}}
	sp.Status = &tracepb.Status{Code: tracepb.Status_STATUS_CODE_ERROR, Message: "boom"}
	sp.Attributes = append(sp.Attributes, otlptest.StrArray("arr", "a", "b"),
		&commonpb.KeyValue{Key: "kv", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_KvlistValue{KvlistValue: &commonpb.KeyValueList{Values: []*commonpb.KeyValue{otlptest.Str("inner", "v")}}}}},
		&commonpb.KeyValue{Key: "bytes", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_BytesValue{BytesValue: []byte{1, 2}}}},
		&commonpb.KeyValue{Key: "empty"},
		otlptest.Str("long", long))
	sp.TraceState = "vendor=x"
	sp.Flags = 0x301
	sp.DroppedAttributesCount = 2
	full.ResourceSpans[0].SchemaUrl = "https://opentelemetry.io/schemas/1.26.0"
	full.ResourceSpans[0].ScopeSpans[0].Scope.Attributes = []*commonpb.KeyValue{otlptest.Str("scope.long", long)}
	return [][]byte{otlptest.Marshal(full), otlptest.Marshal(otlptest.MixedTraces(1)), {}}
}

func seedMetrics() [][]byte {
	m := otlptest.Metrics(otlptest.Resource(otlptest.Str("service.name", "s")), "scope",
		otlptest.Histogram("http.server.request.duration", "s", []*commonpb.KeyValue{otlptest.Str("http.request.method", "GET"), otlptest.Str("long", long)}),
		otlptest.Sum("requests", "1", true, []*commonpb.KeyValue{otlptest.Int("a", 1)}, nil),
		otlptest.Gauge("g", "By", []*commonpb.KeyValue{otlptest.Bool("b", true)}),
		&metricspb.Metric{Name: "eh", Data: &metricspb.Metric_ExponentialHistogram{ExponentialHistogram: &metricspb.ExponentialHistogram{DataPoints: []*metricspb.ExponentialHistogramDataPoint{{Attributes: []*commonpb.KeyValue{otlptest.Str("x", "y")}}}}}},
		&metricspb.Metric{Name: "sm", Data: &metricspb.Metric_Summary{Summary: &metricspb.Summary{DataPoints: []*metricspb.SummaryDataPoint{{Attributes: []*commonpb.KeyValue{otlptest.Str("q", "y")}}}}}},
	)
	hm := m.ResourceMetrics[0].ScopeMetrics[0].Metrics[0]
	hm.Description, hm.Metadata = "duration", []*commonpb.KeyValue{otlptest.Str("meta", long)}
	hp := hm.GetHistogram().DataPoints[0]
	hp.StartTimeUnixNano, hp.TimeUnixNano, hp.Flags = 1_700_000_000_000_000_000, 1_700_000_000_100_000_000, 1
	m.ResourceMetrics[0].ScopeMetrics[0].Metrics[1].GetSum().AggregationTemporality = metricspb.AggregationTemporality_AGGREGATION_TEMPORALITY_DELTA
	return [][]byte{otlptest.Marshal(m), {}}
}

func seedLogs() [][]byte {
	l := otlptest.Logs(otlptest.Resource(otlptest.Str("service.name", "s")), "scope",
		&logspb.LogRecord{EventName: "browser.page_view", SeverityNumber: 9, Body: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: "hi"}},
			Attributes: []*commonpb.KeyValue{otlptest.Str("k", "v"), otlptest.Double("d", 1.5), otlptest.Str("long", long)}, TraceId: otlptest.ID(16, 1), SpanId: otlptest.ID(8, 1),
			TimeUnixNano: 1_700_000_000_000_000_001, ObservedTimeUnixNano: 1_700_000_000_000_000_002, SeverityText: "INFO", Flags: 1, DroppedAttributesCount: 3},
	)
	return [][]byte{otlptest.Marshal(l), {}}
}

func checkTraces(t *testing.T, b []byte) {
	var req coltracepb.ExportTraceServiceRequest
	perr := proto.Unmarshal(b, &req)
	var c collector
	var w Walker
	werr := w.Traces(b, &c)
	if perr != nil {
		return // must merely not panic
	}
	if werr != nil {
		t.Fatalf("walker rejected input proto.Unmarshal accepts: %v", werr)
	}
	if want := traceSummary(&req); !reflect.DeepEqual(c.s, want) {
		t.Fatalf("walker disagrees with proto.Unmarshal:\n got %+v\nwant %+v", c.s, want)
	}
}

func checkMetrics(t *testing.T, b []byte) {
	var req colmetricspb.ExportMetricsServiceRequest
	perr := proto.Unmarshal(b, &req)
	var c collector
	var w Walker
	werr := w.Metrics(b, &c)
	if perr != nil {
		return
	}
	if werr != nil {
		t.Fatalf("walker rejected input proto.Unmarshal accepts: %v", werr)
	}
	if want := metricsSummary(&req); !reflect.DeepEqual(c.s, want) {
		t.Fatalf("walker disagrees with proto.Unmarshal:\n got %+v\nwant %+v", c.s, want)
	}
}

func checkLogs(t *testing.T, b []byte) {
	var req collogspb.ExportLogsServiceRequest
	perr := proto.Unmarshal(b, &req)
	var c collector
	var w Walker
	werr := w.Logs(b, &c)
	if perr != nil {
		return
	}
	if werr != nil {
		t.Fatalf("walker rejected input proto.Unmarshal accepts: %v", werr)
	}
	if want := logsSummary(&req); !reflect.DeepEqual(c.s, want) {
		t.Fatalf("walker disagrees with proto.Unmarshal:\n got %+v\nwant %+v", c.s, want)
	}
}

func TestSeedsAgree(t *testing.T) {
	for _, b := range seedTraces() {
		checkTraces(t, b)
	}
	for _, b := range seedMetrics() {
		checkMetrics(t, b)
	}
	for _, b := range seedLogs() {
		checkLogs(t, b)
	}
}

// TestMergeSemantics covers repeated non-repeated fields: proto.Unmarshal
// merges messages and keeps the last scalar / oneof case.
func TestMergeSemantics(t *testing.T) {
	one := otlptest.Marshal(otlptest.Traces(otlptest.Resource(otlptest.Str("a", "1")), "s1",
		otlptest.Span("first", tracepb.Span_SPAN_KIND_SERVER, otlptest.Str("k", "v"))))
	two := otlptest.Marshal(otlptest.Traces(otlptest.Resource(otlptest.Int("b", 2)), "s2",
		otlptest.Span("second", tracepb.Span_SPAN_KIND_CLIENT, otlptest.Int("k", 1))))
	// Concatenated requests merge at the top level (two ResourceSpans).
	checkTraces(t, append(append([]byte{}, one...), two...))
	// Concatenated spans (inside one ScopeSpans) merge into one span.
	s1 := otlptest.Marshal(otlptest.Span("x", tracepb.Span_SPAN_KIND_SERVER, otlptest.Str("k", "v")))
	s2 := otlptest.Marshal(otlptest.Span("y", tracepb.Span_SPAN_KIND_INTERNAL, otlptest.Int("j", 2)))
	merged := append(append([]byte{}, s1...), s2...)
	req := appendBytesField(nil, 1, appendBytesField(nil, 2, appendBytesField(nil, 2, merged)))
	checkTraces(t, req)
	// Metric with a gauge and then a sum: the sum wins.
	g := otlptest.Marshal(otlptest.Gauge("m", "1", []*commonpb.KeyValue{otlptest.Str("g", "1")}))
	s := otlptest.Marshal(otlptest.Sum("m", "1", true, []*commonpb.KeyValue{otlptest.Str("s", "1")}))
	mreq := appendBytesField(nil, 1, appendBytesField(nil, 2, appendBytesField(nil, 2, append(append([]byte{}, g...), s...))))
	checkMetrics(t, mreq)
	mreq = appendBytesField(nil, 1, appendBytesField(nil, 2, appendBytesField(nil, 2, append(append([]byte{}, g...), g...))))
	checkMetrics(t, mreq)
}

func appendBytesField(dst []byte, num int, b []byte) []byte {
	dst = append(dst, byte(num<<3|2))
	l := len(b)
	for l >= 0x80 {
		dst = append(dst, byte(l)|0x80)
		l >>= 7
	}
	dst = append(dst, byte(l))
	return append(dst, b...)
}

func TestMalformed(t *testing.T) {
	good := seedTraces()[0]
	var w Walker
	var c collector
	for i := 0; i < len(good); i += 7 {
		_ = w.Traces(good[:i], &c) // truncations: must not panic
	}
	for _, b := range [][]byte{{0x0a, 0x05, 0x01}, {0x80}, {0x00, 0x00}, {0x0c}, {0x0f}} {
		if err := w.Traces(b, &c); err == nil {
			t.Errorf("Traces(%x) = nil, want error", b)
		}
	}
}

func TestArrayKind(t *testing.T) {
	var arr KeyValue
	b, _ := proto.Marshal(otlptest.StrArray("a", "x"))
	decodeKeyValue(b, &arr)
	if k, ok := arr.Value.ArrayKind(); !ok || k != KindString {
		t.Errorf("ArrayKind = %v %v", k, ok)
	}
}

func FuzzDecodeTraces(f *testing.F) {
	for _, s := range seedTraces() {
		f.Add(s)
	}
	f.Fuzz(checkTraces)
}

func FuzzDecodeMetrics(f *testing.F) {
	for _, s := range seedMetrics() {
		f.Add(s)
	}
	f.Fuzz(checkMetrics)
}

func FuzzDecodeLogs(f *testing.F) {
	for _, s := range seedLogs() {
		f.Add(s)
	}
	f.Fuzz(checkLogs)
}
