package otellintprocessor

import (
	"bytes"
	"context"
	"testing"

	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/otellint/otellint/runtimecheck/otelcolcomponent/internal/check"
	"github.com/otellint/otellint/runtimecheck/otelcolcomponent/otellintprocessor/internal/metadatatest"
	"github.com/otellint/otellint/runtimecheck/weaverlog"
)

func vagueTraces() ptrace.Traces {
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("service.name", "shop")
	rs.Resource().Attributes().PutStr("service.instance.id", "shop-1")
	sp := rs.ScopeSpans().AppendEmpty().Spans().AppendEmpty()
	sp.SetName("handler")
	sp.SetKind(ptrace.SpanKindInternal)
	sp.Attributes().PutStr("http.method", "GET")
	return td
}

// TestChecksAndForwards: the processor forwards every batch byte for byte,
// says it does not mutate data, and reports its findings in the
// Collector's log and metrics, shared by the pipelines of one id.
func TestChecksAndForwards(t *testing.T) {
	ctx := context.Background()
	tel := componenttest.NewTelemetry()
	defer func() { _ = tel.Shutdown(ctx) }()
	core, logs := observer.New(zapcore.InfoLevel)
	set := metadatatest.NewSettings(tel)
	set.Logger = zap.New(core)
	f := NewFactory()
	cfg := f.CreateDefaultConfig()

	traces := new(consumertest.TracesSink)
	tp, err := f.CreateTraces(ctx, set, cfg, traces)
	if err != nil {
		t.Fatal(err)
	}
	metrics := new(consumertest.MetricsSink)
	mp, err := f.CreateMetrics(ctx, set, cfg, metrics)
	if err != nil {
		t.Fatal(err)
	}
	if tp.Capabilities().MutatesData {
		t.Error("the processor says it mutates data")
	}
	if err := tp.Start(ctx, componenttest.NewNopHost()); err != nil {
		t.Fatal(err)
	}
	if err := mp.Start(ctx, componenttest.NewNopHost()); err != nil {
		t.Fatal(err)
	}
	var m ptrace.ProtoMarshaler
	want, _ := m.MarshalTraces(vagueTraces())
	for range 2 {
		if err := tp.ConsumeTraces(ctx, vagueTraces()); err != nil {
			t.Fatal(err)
		}
	}
	md := pmetric.NewMetrics()
	md.ResourceMetrics().AppendEmpty().Resource().Attributes().PutStr("service.name", "shop")
	md.ResourceMetrics().At(0).Resource().Attributes().PutStr("service.instance.id", "shop-1")
	gauge := md.ResourceMetrics().At(0).ScopeMetrics().AppendEmpty().Metrics().AppendEmpty()
	gauge.SetUnit("1")
	gauge.SetEmptyGauge().DataPoints().AppendEmpty().SetIntValue(1)
	if err := mp.ConsumeMetrics(ctx, md); err != nil {
		t.Fatal(err)
	}
	if err := tp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if err := mp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}

	if got := traces.AllTraces(); len(got) != 2 {
		t.Fatalf("forwarded %d batches, want 2", len(got))
	}
	for _, td := range traces.AllTraces() {
		if b, _ := m.MarshalTraces(td); !bytes.Equal(b, want) {
			t.Error("a forwarded batch differs from what was sent")
		}
	}
	if len(metrics.AllMetrics()) != 1 {
		t.Errorf("forwarded %d metric batches, want 1", len(metrics.AllMetrics()))
	}

	// One log entry when first seen, one aggregate at shutdown; violations
	// are warnings.
	var reports []string
	for _, e := range logs.FilterField(zap.String(weaverlog.AttrID, "deprecated")).All() {
		if e.Level != zapcore.WarnLevel || e.ContextMap()["event.name"] != weaverlog.EventName {
			t.Errorf("entry %+v", e)
		}
		reports = append(reports, e.ContextMap()[weaverlog.AttrReport].(string))
	}
	if len(reports) != 2 || reports[0] != weaverlog.ReportFirstSeen || reports[1] != weaverlog.ReportAggregate {
		t.Errorf("deprecated entries: %v, want first_seen then aggregate", reports)
	}

	// Both pipelines count into the one shared engine's metrics.
	metadatatest.AssertEqualOtellintItemsChecked(t, tel, []metricdata.DataPoint[int64]{
		{Value: 1, Attributes: attribute.NewSet(attribute.String(check.AttrItem, "data_point"))},
		{Value: 2, Attributes: attribute.NewSet(attribute.String(check.AttrItem, "span"))},
	}, metricdatatest.IgnoreTimestamp())
	metadatatest.AssertEqualOtellintFindings(t, tel, []metricdata.DataPoint[int64]{
		{Value: 2, Attributes: attribute.NewSet(attribute.String(check.AttrFindingID, "deprecated"), attribute.String(check.AttrFindingLevel, "violation"))},
		{Value: 2, Attributes: attribute.NewSet(attribute.String(check.AttrFindingID, "vague_span_name"), attribute.String(check.AttrFindingLevel, "improvement"))},
	}, metricdatatest.IgnoreTimestamp())
}
