//go:generate mdatagen metadata.yaml

// Package otellintconnector is the otellint connector: it checks the
// traces, metrics and logs of the pipelines it ends against the
// OpenTelemetry semantic conventions, with the same runtimecheck.Checker
// as `otellint live`, and starts a logs pipeline with the findings, as
// OTLP log records in Weaver's live-check schema (package
// runtimecheck/weaverlog): each finding when first seen, then its
// aggregated count every report_interval.
package otellintconnector // import "github.com/otellint/otellint/runtimecheck/otelcolcomponent/otellintconnector"

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/connector"
	"go.opentelemetry.io/collector/consumer"

	"github.com/otellint/otellint/runtimecheck/otelcolcomponent/internal/check"
	"github.com/otellint/otellint/runtimecheck/otelcolcomponent/otellintconnector/internal/metadata"
)

// Config is the connector's configuration.
type Config = check.Config

// NewFactory returns the factory of the otellint connector. All connectors
// made by one factory with the same id share one checker.
func NewFactory() connector.Factory {
	engines := &check.Engines{}
	return connector.NewFactory(
		metadata.Type,
		func() component.Config { return check.DefaultConfig() },
		connector.WithTracesToLogs(func(_ context.Context, set connector.Settings, cfg component.Config, next consumer.Logs) (connector.Traces, error) {
			return newConnector(engines, set, cfg.(*Config), next, "traces")
		}, metadata.TracesToLogsStability),
		connector.WithMetricsToLogs(func(_ context.Context, set connector.Settings, cfg component.Config, next consumer.Logs) (connector.Metrics, error) {
			return newConnector(engines, set, cfg.(*Config), next, "metrics")
		}, metadata.MetricsToLogsStability),
		connector.WithLogsToLogs(func(_ context.Context, set connector.Settings, cfg component.Config, next consumer.Logs) (connector.Logs, error) {
			return newConnector(engines, set, cfg.(*Config), next, "logs")
		}, metadata.LogsToLogsStability),
	)
}
