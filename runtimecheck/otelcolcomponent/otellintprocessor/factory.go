//go:generate mdatagen metadata.yaml

// Package otellintprocessor is the otellint processor: it checks the
// telemetry passing through a pipeline against the OpenTelemetry semantic
// conventions, with the same runtimecheck.Checker as `otellint live`, and
// forwards it unchanged.
//
// A processor has one output, the data it forwards, so its findings leave
// through the Collector's own telemetry instead: one entry in the
// Collector's log per finding when first seen and at each report_interval
// (with the same weaver.finding.* fields as the connector's log records),
// and the otellint_findings metric by id and level. To get findings as
// OTLP logs into a logs pipeline, use the otellint connector.
package otellintprocessor // import "github.com/otellint/otellint/runtimecheck/otelcolcomponent/otellintprocessor"

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/processor"

	"github.com/otellint/otellint/runtimecheck/otelcolcomponent/internal/check"
	"github.com/otellint/otellint/runtimecheck/otelcolcomponent/otellintprocessor/internal/metadata"
)

// Config is the processor's configuration.
type Config = check.Config

// NewFactory returns the factory of the otellint processor. All processors
// made by one factory with the same id (one per pipeline) share one
// checker.
func NewFactory() processor.Factory {
	engines := &check.Engines{}
	return processor.NewFactory(
		metadata.Type,
		func() component.Config { return check.DefaultConfig() },
		processor.WithTraces(func(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Traces) (processor.Traces, error) {
			return newTraces(ctx, engines, set, cfg.(*Config), next)
		}, metadata.TracesStability),
		processor.WithMetrics(func(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Metrics) (processor.Metrics, error) {
			return newMetrics(ctx, engines, set, cfg.(*Config), next)
		}, metadata.MetricsStability),
		processor.WithLogs(func(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Logs) (processor.Logs, error) {
			return newLogs(ctx, engines, set, cfg.(*Config), next)
		}, metadata.LogsStability),
	)
}
