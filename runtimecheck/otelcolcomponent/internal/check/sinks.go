package check

import (
	"context"

	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/weaverlog"
)

// AttrComponentID is the resource attribute of the emitted findings that
// names the component that emitted them (service.name is "otellint").
const AttrComponentID = "otellint.component.id"

// emitterResource is the resource of the records a component emits.
func emitterResource(componentID string) []*commonpb.KeyValue {
	str := func(k, v string) *commonpb.KeyValue {
		return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: v}}}
	}
	return []*commonpb.KeyValue{str("service.name", "otellint"), str(AttrComponentID, componentID)}
}

// Logs converts entries to pdata logs in Weaver's schema. The records are
// built once, by package weaverlog, for the CLI and the Collector alike;
// findings are few (paced), so the round trip through protobuf costs
// nothing that matters.
func Logs(componentID string, ents []weaverlog.Entry) (plog.Logs, error) {
	b, err := proto.Marshal(weaverlog.Request(emitterResource(componentID), ents))
	if err != nil {
		return plog.Logs{}, err
	}
	var u plog.ProtoUnmarshaler
	return u.UnmarshalLogs(b)
}

// LogsSink sends the findings to the next consumer of a connector.
func LogsSink(componentID string, next consumer.Logs) Sink {
	return func(ctx context.Context, ents []weaverlog.Entry) error {
		ld, err := Logs(componentID, ents)
		if err != nil {
			return err
		}
		return next.ConsumeLogs(ctx, ld)
	}
}

// ZapSink writes the findings to the Collector's own log, one entry per
// finding with the same weaver.finding.* fields as the log records, so
// they reach wherever the Collector's logs go (service::telemetry::logs,
// which can export them over OTLP). Violations are warnings.
func ZapSink(logger *zap.Logger) Sink {
	return func(_ context.Context, ents []weaverlog.Entry) error {
		for i := range ents {
			rec := weaverlog.Record(&ents[i])
			fields := make([]zap.Field, 0, len(rec.Attributes)+1)
			fields = append(fields, zap.String("event.name", weaverlog.EventName))
			for _, kv := range rec.Attributes {
				switch v := kv.Value.Value.(type) {
				case *commonpb.AnyValue_StringValue:
					fields = append(fields, zap.String(kv.Key, v.StringValue))
				case *commonpb.AnyValue_IntValue:
					fields = append(fields, zap.Int64(kv.Key, v.IntValue))
				case *commonpb.AnyValue_DoubleValue:
					fields = append(fields, zap.Float64(kv.Key, v.DoubleValue))
				case *commonpb.AnyValue_BoolValue:
					fields = append(fields, zap.Bool(kv.Key, v.BoolValue))
				}
			}
			msg := ents[i].Finding.Message
			if ents[i].Finding.Level == runtimecheck.Violation {
				logger.Warn(msg, fields...)
			} else {
				logger.Info(msg, fields...)
			}
		}
		return nil
	}
}
