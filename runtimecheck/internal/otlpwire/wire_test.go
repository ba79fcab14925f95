package otlpwire

import (
	"fmt"
	"reflect"
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

func kindOf(v *commonpb.AnyValue) ValueKind {
	switch v.GetValue().(type) {
	case *commonpb.AnyValue_StringValue:
		return KindString
	case *commonpb.AnyValue_BoolValue:
		return KindBool
	case *commonpb.AnyValue_IntValue:
		return KindInt
	case *commonpb.AnyValue_DoubleValue:
		return KindDouble
	case *commonpb.AnyValue_ArrayValue:
		return KindArray
	case *commonpb.AnyValue_KvlistValue:
		return KindKVList
	case *commonpb.AnyValue_BytesValue:
		return KindBytes
	case *commonpb.AnyValue_StringValueStrindex:
		return KindStrIndex
	}
	return KindEmpty
}

func pbKeys(kvs []*commonpb.KeyValue) string {
	var s strings.Builder
	for _, kv := range kvs {
		fmt.Fprintf(&s, "%q:%v,", kv.Key, kindOf(kv.Value))
	}
	return s.String()
}

func wKeys(kvs []KeyValue) string {
	var s strings.Builder
	for _, kv := range kvs {
		fmt.Fprintf(&s, "%q:%v,", kv.Key, kv.Value.Kind)
	}
	return s.String()
}

type collector struct{ s summary }

func (c *collector) Resource(r *Resource) {
	c.s.Resources++
	c.s.ResAttrs = append(c.s.ResAttrs, wKeys(r.Attrs))
}
func (c *collector) Scope(s *Scope) {
	c.s.Scopes = append(c.s.Scopes, fmt.Sprintf("%q %q %s", s.Name, s.Version, wKeys(s.Attrs)))
}
func (c *collector) Span(s *Span) {
	var line strings.Builder
	fmt.Fprintf(&line, "%q %d %x %s ev=%d links=%d", s.Name, s.Kind, s.SpanID, wKeys(s.Attrs), len(s.Events), len(s.Links))
	for i := range s.Events {
		line.WriteString(" e:" + wKeys(s.EventAttributes(i)))
	}
	c.s.Items = append(c.s.Items, line.String())
}
func (c *collector) Metric(m *Metric) {
	c.s.Items = append(c.s.Items, fmt.Sprintf("%q %q %v mono=%v", m.Name, m.Unit, m.Type, m.Monotonic))
}
func (c *collector) DataPoint(m *Metric, d *DataPoint) {
	c.s.DataPoints = append(c.s.DataPoints, fmt.Sprintf("%q %s", m.Name, wKeys(d.Attrs)))
}
func (c *collector) Log(l *LogRecord) {
	c.s.Items = append(c.s.Items, fmt.Sprintf("%q %d %v %s", l.EventName, l.SeverityNumber, l.Body.Kind, wKeys(l.Attrs)))
}

func traceSummary(req *coltracepb.ExportTraceServiceRequest) summary {
	var s summary
	for _, rs := range req.ResourceSpans {
		s.Resources++
		s.ResAttrs = append(s.ResAttrs, pbKeys(rs.GetResource().GetAttributes()))
		for _, ss := range rs.ScopeSpans {
			sc := ss.GetScope()
			s.Scopes = append(s.Scopes, fmt.Sprintf("%q %q %s", []byte(sc.GetName()), []byte(sc.GetVersion()), pbKeys(sc.GetAttributes())))
			for _, sp := range ss.Spans {
				var line strings.Builder
				fmt.Fprintf(&line, "%q %d %x %s ev=%d links=%d", []byte(sp.Name), sp.Kind, sp.SpanId, pbKeys(sp.Attributes), len(sp.Events), len(sp.Links))
				for _, e := range sp.Events {
					line.WriteString(" e:" + pbKeys(e.Attributes))
				}
				s.Items = append(s.Items, line.String())
			}
		}
	}
	return s
}

func metricsSummary(req *colmetricspb.ExportMetricsServiceRequest) summary {
	var s summary
	for _, rm := range req.ResourceMetrics {
		s.Resources++
		s.ResAttrs = append(s.ResAttrs, pbKeys(rm.GetResource().GetAttributes()))
		for _, sm := range rm.ScopeMetrics {
			sc := sm.GetScope()
			s.Scopes = append(s.Scopes, fmt.Sprintf("%q %q %s", []byte(sc.GetName()), []byte(sc.GetVersion()), pbKeys(sc.GetAttributes())))
			for _, m := range sm.Metrics {
				t, mono := MetricNone, false
				var dps [][]*commonpb.KeyValue
				switch d := m.Data.(type) {
				case *metricspb.Metric_Gauge:
					t = MetricGauge
					for _, p := range d.Gauge.DataPoints {
						dps = append(dps, p.Attributes)
					}
				case *metricspb.Metric_Sum:
					t, mono = MetricSum, d.Sum.IsMonotonic
					for _, p := range d.Sum.DataPoints {
						dps = append(dps, p.Attributes)
					}
				case *metricspb.Metric_Histogram:
					t = MetricHistogram
					for _, p := range d.Histogram.DataPoints {
						dps = append(dps, p.Attributes)
					}
				case *metricspb.Metric_ExponentialHistogram:
					t = MetricExponentialHistogram
					for _, p := range d.ExponentialHistogram.DataPoints {
						dps = append(dps, p.Attributes)
					}
				case *metricspb.Metric_Summary:
					t = MetricSummary
					for _, p := range d.Summary.DataPoints {
						dps = append(dps, p.Attributes)
					}
				}
				s.Items = append(s.Items, fmt.Sprintf("%q %q %v mono=%v", []byte(m.Name), []byte(m.Unit), t, mono))
				for _, a := range dps {
					s.DataPoints = append(s.DataPoints, fmt.Sprintf("%q %s", []byte(m.Name), pbKeys(a)))
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
		s.ResAttrs = append(s.ResAttrs, pbKeys(rl.GetResource().GetAttributes()))
		for _, sl := range rl.ScopeLogs {
			sc := sl.GetScope()
			s.Scopes = append(s.Scopes, fmt.Sprintf("%q %q %s", []byte(sc.GetName()), []byte(sc.GetVersion()), pbKeys(sc.GetAttributes())))
			for _, l := range sl.LogRecords {
				s.Items = append(s.Items, fmt.Sprintf("%q %d %v %s", []byte(l.EventName), l.SeverityNumber, kindOf(l.Body), pbKeys(l.Attributes)))
			}
		}
	}
	return s
}

// pbKeys quotes keys as strings while wKeys quotes []byte; %q prints both
// the same way, so the summaries are comparable.

func seedTraces() [][]byte {
	full := otlptest.MixedTraces(8)
	sp := full.ResourceSpans[0].ScopeSpans[0].Spans[0]
	sp.Events = []*tracepb.Span_Event{{Name: "exception", Attributes: []*commonpb.KeyValue{otlptest.Str("exception.type", "E")}}}
	sp.Links = []*tracepb.Span_Link{{TraceId: otlptest.ID(16, 9), SpanId: otlptest.ID(8, 9), Attributes: []*commonpb.KeyValue{otlptest.Int("x", 1)}}}
	sp.Status = &tracepb.Status{Code: tracepb.Status_STATUS_CODE_ERROR, Message: "boom"}
	sp.Attributes = append(sp.Attributes, otlptest.StrArray("arr", "a", "b"),
		&commonpb.KeyValue{Key: "kv", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_KvlistValue{KvlistValue: &commonpb.KeyValueList{Values: []*commonpb.KeyValue{otlptest.Str("inner", "v")}}}}},
		&commonpb.KeyValue{Key: "bytes", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_BytesValue{BytesValue: []byte{1, 2}}}},
		&commonpb.KeyValue{Key: "empty"})
	return [][]byte{otlptest.Marshal(full), otlptest.Marshal(otlptest.MixedTraces(1)), {}}
}

func seedMetrics() [][]byte {
	m := otlptest.Metrics(otlptest.Resource(otlptest.Str("service.name", "s")), "scope",
		otlptest.Histogram("http.server.request.duration", "s", []*commonpb.KeyValue{otlptest.Str("http.request.method", "GET")}),
		otlptest.Sum("requests", "1", true, []*commonpb.KeyValue{otlptest.Int("a", 1)}, nil),
		otlptest.Gauge("g", "By", []*commonpb.KeyValue{otlptest.Bool("b", true)}),
		&metricspb.Metric{Name: "eh", Data: &metricspb.Metric_ExponentialHistogram{ExponentialHistogram: &metricspb.ExponentialHistogram{DataPoints: []*metricspb.ExponentialHistogramDataPoint{{Attributes: []*commonpb.KeyValue{otlptest.Str("x", "y")}}}}}},
		&metricspb.Metric{Name: "sm", Data: &metricspb.Metric_Summary{Summary: &metricspb.Summary{DataPoints: []*metricspb.SummaryDataPoint{{Attributes: []*commonpb.KeyValue{otlptest.Str("q", "y")}}}}}},
	)
	return [][]byte{otlptest.Marshal(m), {}}
}

func seedLogs() [][]byte {
	l := otlptest.Logs(otlptest.Resource(otlptest.Str("service.name", "s")), "scope",
		&logspb.LogRecord{EventName: "browser.page_view", SeverityNumber: 9, Body: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: "hi"}},
			Attributes: []*commonpb.KeyValue{otlptest.Str("k", "v"), otlptest.Double("d", 1.5)}, TraceId: otlptest.ID(16, 1), SpanId: otlptest.ID(8, 1)},
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

func TestValueWalk(t *testing.T) {
	kv := &commonpb.KeyValue{Key: "k", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_KvlistValue{KvlistValue: &commonpb.KeyValueList{Values: []*commonpb.KeyValue{
		otlptest.StrArray("a", "x", "y"), otlptest.Int("i", 3),
	}}}}}
	b, _ := proto.Marshal(kv)
	var got KeyValue
	if !decodeKeyValue(b, &got) {
		t.Fatal("decode failed")
	}
	n := 0
	got.Value.Walk(func(depth int, key []byte, v Value) { n++ })
	if n != 6 { // kvlist, array, x, y, int
		t.Logf("visited %d", n)
	}
	if n != 5 {
		t.Errorf("visited %d values, want 5", n)
	}
	var arr KeyValue
	b, _ = proto.Marshal(otlptest.StrArray("a", "x"))
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
