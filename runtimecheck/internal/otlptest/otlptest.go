// Package otlptest builds OTLP requests with the generated types for tests
// and benchmarks.
package otlptest

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"

	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	colmetricspb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	metricspb "go.opentelemetry.io/proto/otlp/metrics/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// Str, Int, Double, Bool build attributes.
func Str(k, v string) *commonpb.KeyValue {
	return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: v}}}
}

// Int builds an int attribute.
func Int(k string, v int64) *commonpb.KeyValue {
	return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_IntValue{IntValue: v}}}
}

// Double builds a double attribute.
func Double(k string, v float64) *commonpb.KeyValue {
	return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_DoubleValue{DoubleValue: v}}}
}

// Bool builds a bool attribute.
func Bool(k string, v bool) *commonpb.KeyValue {
	return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_BoolValue{BoolValue: v}}}
}

// StrArray builds a string array attribute.
func StrArray(k string, vs ...string) *commonpb.KeyValue {
	arr := &commonpb.ArrayValue{}
	for _, v := range vs {
		arr.Values = append(arr.Values, &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: v}})
	}
	return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_ArrayValue{ArrayValue: arr}}}
}

// Resource builds a resource.
func Resource(attrs ...*commonpb.KeyValue) *resourcepb.Resource {
	return &resourcepb.Resource{Attributes: attrs}
}

// ID returns a deterministic id of n bytes derived from i.
func ID(n int, i uint64) []byte {
	b := make([]byte, n)
	binary.BigEndian.PutUint64(b[n-8:], i+1)
	if n == 16 {
		binary.BigEndian.PutUint64(b, 0xabcdef)
	}
	return b
}

// Span builds a span.
func Span(name string, kind tracepb.Span_SpanKind, attrs ...*commonpb.KeyValue) *tracepb.Span {
	return &tracepb.Span{
		TraceId: ID(16, 1), SpanId: ID(8, 2), Name: name, Kind: kind,
		StartTimeUnixNano: 1_700_000_000_000_000_000, EndTimeUnixNano: 1_700_000_000_100_000_000,
		Attributes: attrs,
	}
}

// Traces wraps spans of one resource and scope into a request.
func Traces(res *resourcepb.Resource, scope string, spans ...*tracepb.Span) *coltracepb.ExportTraceServiceRequest {
	return &coltracepb.ExportTraceServiceRequest{ResourceSpans: []*tracepb.ResourceSpans{{
		Resource:   res,
		ScopeSpans: []*tracepb.ScopeSpans{{Scope: &commonpb.InstrumentationScope{Name: scope, Version: "1.0.0"}, Spans: spans}},
	}}}
}

// Metrics wraps metrics of one resource and scope into a request.
func Metrics(res *resourcepb.Resource, scope string, ms ...*metricspb.Metric) *colmetricspb.ExportMetricsServiceRequest {
	return &colmetricspb.ExportMetricsServiceRequest{ResourceMetrics: []*metricspb.ResourceMetrics{{
		Resource:     res,
		ScopeMetrics: []*metricspb.ScopeMetrics{{Scope: &commonpb.InstrumentationScope{Name: scope}, Metrics: ms}},
	}}}
}

// Logs wraps log records of one resource and scope into a request.
func Logs(res *resourcepb.Resource, scope string, ls ...*logspb.LogRecord) *collogspb.ExportLogsServiceRequest {
	return &collogspb.ExportLogsServiceRequest{ResourceLogs: []*logspb.ResourceLogs{{
		Resource:  res,
		ScopeLogs: []*logspb.ScopeLogs{{Scope: &commonpb.InstrumentationScope{Name: scope}, LogRecords: ls}},
	}}}
}

// Histogram builds a histogram metric with one data point per attribute set.
func Histogram(name, unit string, attrSets ...[]*commonpb.KeyValue) *metricspb.Metric {
	h := &metricspb.Histogram{AggregationTemporality: metricspb.AggregationTemporality_AGGREGATION_TEMPORALITY_CUMULATIVE}
	for _, a := range attrSets {
		h.DataPoints = append(h.DataPoints, &metricspb.HistogramDataPoint{Attributes: a, Count: 1, TimeUnixNano: 1})
	}
	return &metricspb.Metric{Name: name, Unit: unit, Data: &metricspb.Metric_Histogram{Histogram: h}}
}

// Sum builds a sum metric with one data point per attribute set.
func Sum(name, unit string, monotonic bool, attrSets ...[]*commonpb.KeyValue) *metricspb.Metric {
	s := &metricspb.Sum{IsMonotonic: monotonic, AggregationTemporality: metricspb.AggregationTemporality_AGGREGATION_TEMPORALITY_CUMULATIVE}
	for _, a := range attrSets {
		s.DataPoints = append(s.DataPoints, &metricspb.NumberDataPoint{Attributes: a, Value: &metricspb.NumberDataPoint_AsInt{AsInt: 1}})
	}
	return &metricspb.Metric{Name: name, Unit: unit, Data: &metricspb.Metric_Sum{Sum: s}}
}

// Gauge builds a gauge metric with one data point per attribute set.
func Gauge(name, unit string, attrSets ...[]*commonpb.KeyValue) *metricspb.Metric {
	g := &metricspb.Gauge{}
	for _, a := range attrSets {
		g.DataPoints = append(g.DataPoints, &metricspb.NumberDataPoint{Attributes: a, Value: &metricspb.NumberDataPoint_AsDouble{AsDouble: 1}})
	}
	return &metricspb.Metric{Name: name, Unit: unit, Data: &metricspb.Metric_Gauge{Gauge: g}}
}

// MixedTraces builds the benchmark request: n spans, a realistic mix of HTTP
// server, HTTP client, database client and internal spans with their usual
// attributes, under a resource with the usual SDK attributes.
func MixedTraces(n int) *coltracepb.ExportTraceServiceRequest {
	res := Resource(
		Str("service.name", "checkout"), Str("service.version", "1.4.2"),
		Str("service.instance.id", "627cc493-f310-47de-96bd-71410b7dec09"),
		Str("telemetry.sdk.name", "opentelemetry"), Str("telemetry.sdk.language", "go"),
		Str("telemetry.sdk.version", "1.47.0"), Str("host.name", "node-7"),
		Str("deployment.environment.name", "production"),
	)
	spans := make([]*tracepb.Span, 0, n)
	for i := 0; i < n; i++ {
		var s *tracepb.Span
		switch i % 4 {
		case 0:
			s = Span("GET /api/orders/{id}", tracepb.Span_SPAN_KIND_SERVER,
				Str("http.request.method", "GET"), Str("http.route", "/api/orders/{id}"),
				Str("url.path", fmt.Sprintf("/api/orders/%d", i)), Str("url.scheme", "https"),
				Int("http.response.status_code", 200), Str("server.address", "shop.example.com"),
				Int("server.port", 443), Str("client.address", "10.1.2.3"),
				Str("user_agent.original", "Mozilla/5.0"), Str("network.protocol.version", "1.1"))
		case 1:
			s = Span("POST", tracepb.Span_SPAN_KIND_CLIENT,
				Str("http.request.method", "POST"), Str("url.full", "https://payments.internal/v1/charge"),
				Str("server.address", "payments.internal"), Int("server.port", 443),
				Int("http.response.status_code", 201), Str("network.protocol.version", "2"))
		case 2:
			s = Span("SELECT shop.orders", tracepb.Span_SPAN_KIND_CLIENT,
				Str("db.system.name", "postgresql"), Str("db.namespace", "shop"),
				Str("db.collection.name", "orders"), Str("db.operation.name", "SELECT"),
				Str("db.query.text", "SELECT * FROM orders WHERE id = $1"),
				Str("server.address", "db-1"), Int("server.port", 5432))
		case 3:
			s = Span("compute_discount", tracepb.Span_SPAN_KIND_INTERNAL,
				Str("code.function.name", "pricing.ComputeDiscount"), Int("shop.items", int64(i)),
				Bool("shop.cached", i%8 == 3))
		}
		// One trace per request: the server span is the root, the client,
		// database and internal spans are its children.
		s.TraceId = ID(16, uint64(i/4))
		s.SpanId = ID(8, uint64(i))
		if i%4 != 0 {
			s.ParentSpanId = ID(8, uint64(i-i%4))
		}
		spans = append(spans, s)
	}
	return Traces(res, "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", spans...)
}

// Marshal marshals m or panics.
func Marshal(m proto.Message) []byte {
	b, err := proto.Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}

// DataPoints counts a metric's data points, whatever its type: tests
// compare what a receiver or checker counted with what was sent.
func DataPoints(m *metricspb.Metric) int {
	switch d := m.Data.(type) {
	case *metricspb.Metric_Gauge:
		return len(d.Gauge.DataPoints)
	case *metricspb.Metric_Sum:
		return len(d.Sum.DataPoints)
	case *metricspb.Metric_Histogram:
		return len(d.Histogram.DataPoints)
	case *metricspb.Metric_ExponentialHistogram:
		return len(d.ExponentialHistogram.DataPoints)
	case *metricspb.Metric_Summary:
		return len(d.Summary.DataPoints)
	}
	return 0
}

// JSON encodes m as OTLP/JSON: the protobuf JSON mapping with trace and
// span ids in hex rather than base64. It panics on error.
func JSON(m proto.Message) []byte {
	b, err := protojson.Marshal(m)
	if err != nil {
		panic(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		panic(err)
	}
	hexIDs(v)
	out, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return out
}

func hexIDs(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && (k == "traceId" || k == "spanId" || k == "parentSpanId") {
				if raw, err := base64.StdEncoding.DecodeString(s); err == nil {
					v[k] = hex.EncodeToString(raw)
				}
				continue
			}
			hexIDs(x)
		}
	case []any:
		for _, x := range v {
			hexIDs(x)
		}
	}
}
